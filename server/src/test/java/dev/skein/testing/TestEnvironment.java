package dev.skein.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the integration tests find things: loopback, the built jar, the Node scripts. */
public final class TestEnvironment {
    /** Every test server binds here, and every client connects here. */
    public static final String LOOPBACK = "127.0.0.1";

    private TestEnvironment() {}

    /** The shaded server jar built by {@code package}. */
    public static Path serverJar() {
        Path jar = Paths.get(System.getProperty("skein.jar", "target/skein-server.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No server jar at " + jar.toAbsolutePath() + "; run ./mvnw package first");
        }
        return jar;
    }

    /** The folder of the Node scripts that drive the official JavaScript client. */
    public static Path jsTestsDir() {
        return Paths.get(System.getProperty("skein.jsTestsDir", "src/test/js"));
    }

    /** The root of the repository: the shipped deployment files (haproxy/, k8s/, Dockerfile, ...). */
    public static Path repoDir() {
        Path dir = Paths.get(System.getProperty("skein.repoDir", ".."))
                .toAbsolutePath()
                .normalize();
        if (!Files.isRegularFile(dir.resolve("Dockerfile"))) {
            throw new IllegalStateException("No repository root (with a Dockerfile) at " + dir);
        }
        return dir;
    }

    /** Where the browser tests save their screenshots (created when missing). */
    public static Path screenshotsDir() {
        Path dir = Paths.get(System.getProperty("skein.screenshotsDir", "target/screenshots"))
                .toAbsolutePath();
        try {
            return Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static String url(int port) {
        return "http://" + LOOPBACK + ":" + port;
    }

    /** The {@code https://} address of a port that speaks TLS. */
    public static String httpsUrl(int port) {
        return "https://" + LOOPBACK + ":" + port;
    }
}
