package dev.skein.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Node.js Socket.IO node ({@code socket.io} with {@code @socket.io/redis-adapter} from npm, script
 * {@code src/test/js/node-peer.mjs}) in the same Redis cluster as Skein nodes, driven over its stdin
 * with one JSON command per line. Binary values are {@code {"$bin":"<hex>"}} both ways.
 */
public final class NodePeer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_WITHIN = Duration.ofSeconds(20);

    private final Process process;
    private final Writer stdin;
    private final int port;
    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<Long, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();

    private NodePeer(Process process, int port) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.port = port;
    }

    /** Starts a Node node on a free loopback port in the cluster of {@code redis}, and waits until it serves. */
    public static NodePeer start(URI redis) {
        int port = ServerProcess.freePort();
        ProcessBuilder builder = new ProcessBuilder("node", "node-peer.mjs", "" + port, redis.toString())
                .directory(TestEnvironment.jsTestsDir().toFile());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run node in " + TestEnvironment.jsTestsDir(), e);
        }
        NodePeer peer = new NodePeer(process, port);
        CompletableFuture<JsonNode> ready = new CompletableFuture<>();
        peer.readOutput(ready);
        try {
            ready.get(READY_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            peer.close();
            throw new AssertionError("the Node peer did not start: " + peer.stderr, e);
        }
        return peer;
    }

    public String url() {
        return TestEnvironment.url(port);
    }

    /**
     * Runs {@code op} with {@code fields} and returns its result.
     *
     * @throws AssertionError if the Node node answers an error or nothing within 10 s
     */
    public JsonNode call(String op, Map<String, ?> fields) {
        long id = nextId.getAndIncrement();
        ObjectNode command = JSON.valueToTree(fields);
        command.put("id", id).put("op", op);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        calls.put(id, answer);
        try {
            synchronized (stdin) {
                stdin.write(JSON.writeValueAsString(command) + "\n");
                stdin.flush();
            }
            JsonNode reply = answer.get(10, TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new AssertionError(
                        "Node peer " + op + " failed: " + reply.get("error").asText());
            }
            return reply.get("result");
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("Node peer " + op + " did not answer: " + e + " " + stderr, e);
        } finally {
            calls.remove(id);
        }
    }

    public JsonNode call(String op) {
        return call(op, Map.of());
    }

    /** The next event the Node node heard by itself (such as a server-side emit), or {@code null}. */
    public JsonNode nextEvent(Duration within) throws InterruptedException {
        return events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            stdin.close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void readOutput(CompletableFuture<JsonNode> ready) {
        Thread out = new Thread(
                () -> {
                    try (BufferedReader reader = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = reader.readLine()) != null) {
                            dispatch(NodeScript.line(line), ready);
                        }
                    } catch (IOException e) {
                        // the process ended
                    }
                    ready.completeExceptionally(new IllegalStateException("the Node peer exited"));
                },
                "node-peer-stdout");
        out.setDaemon(true);
        out.start();
        Thread err = new Thread(
                () -> {
                    try (BufferedReader reader = new BufferedReader(
                            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = reader.readLine()) != null) {
                            stderr.append(line).append('\n');
                        }
                    } catch (IOException e) {
                        // the process ended
                    }
                },
                "node-peer-stderr");
        err.setDaemon(true);
        err.start();
    }

    private void dispatch(JsonNode line, CompletableFuture<JsonNode> ready) {
        if (line.has("ready")) {
            ready.complete(line);
        } else if (line.has("id") && !line.get("id").isNull()) {
            CompletableFuture<JsonNode> call = calls.get(line.get("id").asLong());
            if (call != null) {
                call.complete(line);
            }
        } else {
            events.add(line);
        }
    }
}
