package dev.skein.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Backend routing (docs/routing.md): the routes file that sends clients' events to backend services over HTTP
 * or WebSocket. Immutable. The file is only checked to be readable here; its content is read, and every error
 * in it reported with its line, when the node is created ({@code dev.skein.routing.RoutesFile}).
 *
 * @param file the routes YAML file, {@code null} when the node routes nothing (the default)
 */
public record RoutesConfig(Path file) {
    /** No routing: events without a handler are ignored, as without this feature. */
    public static final RoutesConfig NONE = new RoutesConfig(null);

    public RoutesConfig {
        if (file != null && !(Files.isRegularFile(file) && Files.isReadable(file))) {
            throw ConfigException.invalid("routesFile", file, "a readable routes YAML file (docs/routing.md)");
        }
    }

    /** Whether a routes file is set. */
    public boolean enabled() {
        return file != null;
    }
}
