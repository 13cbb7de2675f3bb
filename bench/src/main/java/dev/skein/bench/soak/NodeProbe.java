package dev.skein.bench.soak;

import dev.skein.bench.system.Commands;
import dev.skein.bench.system.ProcStat;
import dev.skein.bench.system.RunningNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Reads one Skein node: a full GC ({@code jcmd GC.run}), then its {@code /metrics} (heap used after that GC,
 * connections, rooms, publish queue, threads, direct buffers, Redis up), its RSS and open files from
 * {@code /proc}. Thread-safe.
 */
final class NodeProbe {
    private static final String JCMD =
            Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * One node's figures.
     *
     * @param heapBytes heap used right after a full collection
     * @param rssBytes resident set size
     * @param connections Engine.IO connections, both transports
     * @param rooms rooms with a member on the node
     * @param publishQueue cluster publishes waiting for Redis
     * @param threads live JVM threads
     * @param directBytes JDK direct buffers in use
     * @param openFiles open file descriptors
     * @param redisUp 1 while the node's Redis answers
     */
    record NodeSample(
            long heapBytes,
            long rssBytes,
            long connections,
            long rooms,
            long publishQueue,
            long threads,
            long directBytes,
            long openFiles,
            long redisUp) {}

    NodeSample sample(RunningNode node) {
        Commands.run(JCMD, Long.toString(node.pid()), "GC.run");
        PrometheusText metrics = new PrometheusText(scrape(node));
        return new NodeSample(
                metrics.sum("jvm_memory_used_bytes", "area=\"heap\""),
                ProcStat.rssBytes(node.pid()),
                metrics.sum("skein_clients_connected", ""),
                metrics.sum("skein_rooms", ""),
                metrics.sum("skein_cluster_publish_queue", ""),
                metrics.sum("jvm_threads_live_threads", ""),
                metrics.sum("jvm_buffer_memory_used_bytes", "id=\"direct\""),
                ProcStat.openFiles(node.pid()),
                metrics.sum("skein_cluster_redis_up", ""));
    }

    private String scrape(RunningNode node) {
        URI uri = URI.create("http://127.0.0.1:" + node.adminPort() + "/metrics");
        try {
            return http.send(
                            HttpRequest.newBuilder(uri)
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not read " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Prometheus text exposition: sums of samples by name and a label fragment. */
    record PrometheusText(String text) {
        /** The sum of every sample of {@code name} whose labels contain {@code labelFragment}; 0 if none. */
        long sum(String name, String labelFragment) {
            double total = 0;
            for (String line : text.split("\n")) {
                if (line.startsWith("#") || !line.startsWith(name)) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                String key = line.substring(0, space);
                boolean sameName = key.equals(name) || key.startsWith(name + "{");
                if (sameName && key.contains(labelFragment)) {
                    total += Double.parseDouble(line.substring(space + 1));
                }
            }
            return Math.round(total);
        }
    }
}
