package dev.skein.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The files of the site, loaded once from the classpath folder {@value #ROOT}: the demo page and, under
 * {@code vendor/}, the official {@code socket.io-client} bundle pinned by {@code web-demo/package-lock.json}.
 * Immutable.
 */
public final class StaticSite {
    public static final String ROOT = "skein-web/";

    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=UTF-8",
            "js", "text/javascript; charset=UTF-8",
            "css", "text/css; charset=UTF-8",
            "map", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");

    private static final String[] FILES = {
        "index.html", "app.js", "style.css", "vendor/socket.io.min.js", "vendor/socket.io.min.js.map"
    };

    /** One file of the site. */
    public record Resource(byte[] body, String contentType, boolean immutable) {}

    private final Map<String, Resource> byPath;

    private StaticSite(Map<String, Resource> byPath) {
        this.byPath = Map.copyOf(byPath);
    }

    /** Loads the demo site from the classpath; files that are missing are left out. */
    public static StaticSite demo() {
        Map<String, Resource> files = new HashMap<>();
        for (String file : FILES) {
            load(file).ifPresent(bytes -> files.put("/" + file, resource(file, bytes)));
        }
        Resource index = files.get("/index.html");
        if (index != null) {
            files.put("/", index);
        }
        return new StaticSite(files);
    }

    /** An empty site: every path is 404. */
    public static StaticSite none() {
        return new StaticSite(Map.of());
    }

    /** The file at {@code path} (query string already removed). */
    public Optional<Resource> find(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    private static Resource resource(String file, byte[] bytes) {
        String extension = file.substring(file.lastIndexOf('.') + 1);
        String type = CONTENT_TYPES.getOrDefault(extension, "application/octet-stream");
        return new Resource(bytes, type, file.startsWith("vendor/"));
    }

    private static Optional<byte[]> load(String file) {
        try (InputStream in = StaticSite.class.getClassLoader().getResourceAsStream(ROOT + file)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + ROOT + file + " from the classpath", e);
        }
    }
}
