package dev.skein.bench.system;

import dev.skein.bench.load.Endpoint;
import dev.skein.bench.profile.HeapHistogram;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Skein's server jar ({@code server/target/skein-server.jar}), each node in its own JVM with {@code
 * javaOptions}, bound to loopback, ready when its {@code /health/ready} answers 200.
 */
public final class SkeinSystem implements ServerSystem {
    private final Path jar;
    private final List<String> javaOptions;
    private final Map<String, String> settings;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public SkeinSystem(Path jar, String javaOptions) {
        this(jar, javaOptions, Map.of());
    }

    /** Skein's jar, each node run with {@code javaOptions} and {@code settings} added to its environment. */
    public SkeinSystem(Path jar, String javaOptions, Map<String, String> settings) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("Skein's jar " + jar + " is missing: run ./mvnw -q package -DskipTests");
        }
        this.jar = jar;
        this.settings = Map.copyOf(settings);
        this.javaOptions = Arrays.stream(javaOptions.trim().split("\\s+"))
                .filter(s -> !s.isEmpty())
                .toList();
    }

    @Override
    public String name() {
        return "Skein";
    }

    @Override
    public String version() {
        return "Java " + System.getProperty("java.version") + " " + String.join(" ", javaOptions)
                + (settings.isEmpty() ? "" : " " + settings);
    }

    @Override
    public Cluster start(int nodes, RedisProcess redis, Path logDir) {
        return Cluster.start(this, nodes, redis, i -> startNode("skein-" + i, redis, logDir), this::awaitReady);
    }

    @Override
    public long liveHeapBytes(RunningNode node) {
        return histogram(node).totalBytes();
    }

    @Override
    public long heapLimitBytes(RunningNode node) {
        String flags = Commands.run(jcmd(), Long.toString(node.pid()), "VM.flags");
        java.util.regex.Matcher max =
                java.util.regex.Pattern.compile("-XX:MaxHeapSize=(\\d+)").matcher(flags);
        if (!max.find()) {
            throw new IllegalStateException("no MaxHeapSize in the flags of " + node.name() + ": " + flags);
        }
        return Long.parseLong(max.group(1));
    }

    private static String jcmd() {
        return Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    }

    /** The live heap of {@code node} by class ({@code jcmd GC.class_histogram}, after a full collection). */
    public HeapHistogram histogram(RunningNode node) {
        try {
            return HeapHistogram.capture(node.pid());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not read the heap of " + node.name(), e);
        }
    }

    private RunningNode startNode(String name, RedisProcess redis, Path logDir) {
        int port = FreePorts.next();
        int managementPort = FreePorts.next();
        Map<String, String> env = new HashMap<>();
        env.put("SKEIN_HOST", "127.0.0.1");
        env.put("SKEIN_PORT", Integer.toString(port));
        env.put("SKEIN_MGMT_PORT", Integer.toString(managementPort));
        env.put("SKEIN_NODE_ID", name);
        env.put("SKEIN_DRAIN_DELAY_MS", "0");
        // every benchmark client comes from loopback, thousands of them, and the official server it is compared
        // with has no abuse limits: off unless a --skein-setting turns one on
        env.put("SKEIN_MAX_CONNECTIONS_PER_IP", "0");
        env.put("SKEIN_HANDSHAKES_PER_SECOND_PER_IP", "0");
        env.put("SKEIN_EVENTS_PER_SECOND", "0");
        env.putAll(settings);
        if (redis != null) {
            env.put("SKEIN_REDIS_URL", redis.url());
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ChildProcess process = ChildProcess.start(name, command, env, logDir);
        return new RunningNode(name, new Endpoint("127.0.0.1", port), process, managementPort);
    }

    private void awaitReady(RunningNode node) {
        URI ready = URI.create("http://127.0.0.1:" + node.adminPort() + "/health/ready");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!node.process().isAlive()) {
                throw new IllegalStateException(
                        node.name() + " exited: " + node.process().tail());
            }
            try {
                HttpResponse<Void> answer = http.send(
                        HttpRequest.newBuilder(ready)
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            ChildProcess.sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException(
                node.name() + " was not ready within 60 s: " + node.process().tail());
    }
}
