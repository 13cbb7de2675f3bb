package dev.skein.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * The Node.js WebSocket backend service of {@code src/test/js/ws-backend.mjs} (the {@code ws} package) on a free
 * loopback port, its JSON lines followed. Closing it kills the process, as a crash would.
 */
public final class WsBackendProcess implements AutoCloseable {
    private final Process process;
    private final List<JsonNode> lines;
    private final int port;

    private WsBackendProcess(Process process, List<JsonNode> lines, int port) {
        this.process = process;
        this.lines = lines;
        this.port = port;
    }

    /** Starts one named {@code name} (in its pushes) and waits until it listens. */
    public static WsBackendProcess start(String name) {
        return start(name, "answering");
    }

    /** Starts one that answers no ping ({@code silent}, a hung instance) or does ({@code answering}). */
    public static WsBackendProcess start(String name, String mode) {
        int port = ServerProcess.freePort();
        Process process = NodeScript.startScript("ws-backend.mjs", String.valueOf(port), name, mode);
        List<JsonNode> lines = NodeScript.follow(process);
        Awaitility.await("ws-backend " + name + " listening")
                .atMost(Duration.ofSeconds(15))
                .until(() -> lines.stream().anyMatch(l -> l.has("listening")) || !process.isAlive());
        if (!process.isAlive()) {
            throw new AssertionError("ws-backend.mjs exited: " + process.exitValue());
        }
        return new WsBackendProcess(process, lines, port);
    }

    /** Its URL, {@code ws://127.0.0.1:<port>/feed}. */
    public String url() {
        return "ws://" + TestEnvironment.LOOPBACK + ":" + port + "/feed";
    }

    /** Whether a line has key {@code key} with the text {@code value}. */
    public boolean printed(String key, String value) {
        return lines.stream().anyMatch(l -> value.equals(l.path(key).asText(null)));
    }

    /** How many lines have key {@code key}. */
    public long count(String key) {
        return lines.stream().filter(l -> l.has(key)).count();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
