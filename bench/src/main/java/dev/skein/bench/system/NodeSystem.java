package dev.skein.bench.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skein.bench.load.Endpoint;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The official Node.js server ({@code bench/peer/server.mjs}: socket.io with the demo's handlers and
 * {@code @socket.io/redis-adapter} on ioredis when clustered), run with {@code --expose-gc} so its memory
 * can be read after a collection.
 */
public final class NodeSystem implements ServerSystem {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path peerDir;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    public NodeSystem(Path peerDir) {
        if (!Files.isDirectory(peerDir.resolve("node_modules/socket.io"))) {
            throw new IllegalArgumentException(
                    "The Node.js peer is not installed in " + peerDir + ": run npm ci --prefix " + peerDir);
        }
        this.peerDir = peerDir;
    }

    @Override
    public String name() {
        return "Node.js";
    }

    @Override
    public String version() {
        return "Node " + Commands.firstLine("node", "--version") + ", socket.io " + packageVersion("socket.io")
                + ", @socket.io/redis-adapter " + packageVersion("@socket.io/redis-adapter");
    }

    @Override
    public Cluster start(int nodes, RedisProcess redis, Path logDir) {
        // each node is ready once it printed its ready line, which startNode waits for
        return Cluster.start(this, nodes, redis, i -> startNode("node-" + i, redis, logDir), node -> {});
    }

    @Override
    public long liveHeapBytes(RunningNode node) {
        JsonNode memory = memory(node);
        return memory.path("heapUsed").asLong() + memory.path("external").asLong();
    }

    @Override
    public long heapLimitBytes(RunningNode node) {
        return memory(node).path("heapSizeLimit").asLong();
    }

    /** {@code process.memoryUsage()} after two collections, with the connected socket count. */
    public JsonNode memory(RunningNode node) {
        URI uri = URI.create("http://127.0.0.1:" + node.adminPort() + "/bench/memory");
        try {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new IllegalStateException("could not read " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private RunningNode startNode(String name, RedisProcess redis, Path logDir) {
        int port = FreePorts.next();
        List<String> command = new ArrayList<>(List.of(
                "node",
                "--expose-gc",
                peerDir.resolve("server.mjs").toString(),
                "--port",
                Integer.toString(port),
                "--node-id",
                name));
        if (redis != null) {
            command.addAll(List.of("--redis-url", redis.url()));
        }
        ChildProcess process = ChildProcess.start(name, command, Map.of(), logDir);
        process.awaitLine(line -> line.contains("\"ready\":true"), Duration.ofSeconds(30));
        return new RunningNode(name, new Endpoint("127.0.0.1", port), process, port);
    }

    private String packageVersion(String name) {
        try {
            Path manifest = peerDir.resolve("node_modules").resolve(name).resolve("package.json");
            return JSON.readTree(manifest.toFile()).path("version").asText("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
