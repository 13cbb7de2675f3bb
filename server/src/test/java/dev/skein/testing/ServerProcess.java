package dev.skein.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real server jar in its own JVM ({@code java -jar skein-server.jar}), with its output collected.
 * Closing it kills the process if it still runs.
 */
public final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final Path output;

    private ServerProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts the jar with {@code args} and extra environment variables. */
    public static ServerProcess start(Map<String, String> env, String... args) {
        return start(List.of(), env, args);
    }

    /** Starts the jar in a JVM with {@code jvmOptions} (such as {@code -Xmx64m}), {@code args} and {@code env}. */
    public static ServerProcess start(List<String> jvmOptions, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(javaBin()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", TestEnvironment.serverJar().toString()));
        command.addAll(List.of(args));
        try {
            Path output = Files.createTempFile("skein-server", ".log");
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("SKEIN_"));
            builder.environment().putAll(env);
            return new ServerProcess(builder.start(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the jar bound to loopback on {@code port} and {@code managementPort}, with {@code more} settings
     * added to its environment.
     */
    public static ServerProcess onLoopback(int port, int managementPort, Map<String, String> more) {
        Map<String, String> env = new java.util.HashMap<>(more);
        env.put("SKEIN_HOST", TestEnvironment.LOOPBACK);
        env.put("SKEIN_PORT", String.valueOf(port));
        env.put("SKEIN_MGMT_PORT", String.valueOf(managementPort));
        return start(env);
    }

    /** Like {@link #onLoopback(int, int, Map)}, with any free management port. */
    public static ServerProcess onLoopback(int port, Map<String, String> more) {
        return onLoopback(port, freePort(), more);
    }

    /** A free loopback port (for a child process, which cannot be asked for its bound port). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName(TestEnvironment.LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the process to exit and returns its status. */
    public int waitForExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("server did not exit within " + timeout + "; output: " + output());
        }
        return process.exitValue();
    }

    /** Sends SIGTERM. */
    public void terminate() {
        process.destroy();
    }

    /** Sends SIGKILL, as a crash would, and waits for the process to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** The process id, for {@code jcmd}. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything printed so far. */
    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaBin() {
        return java.nio.file.Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            Files.deleteIfExists(output);
        } catch (IOException e) {
            // a leftover temp file is harmless
        }
    }
}
