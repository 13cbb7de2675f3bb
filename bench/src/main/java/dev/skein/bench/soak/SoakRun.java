package dev.skein.bench.soak;

import dev.skein.bench.load.Endpoint;
import dev.skein.bench.load.LoadGenerator;
import dev.skein.bench.report.LineChart;
import dev.skein.bench.system.Cluster;
import dev.skein.bench.system.ProcStat;
import dev.skein.bench.system.RedisProcess;
import dev.skein.bench.system.RunningNode;
import dev.skein.bench.system.SkeinSystem;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * One soak: Redis and the nodes started, the stable clients connected, the churn and traffic run for the
 * whole duration while the nodes and Redis are sampled; then {@code soak.csv}, three plots, {@code
 * verdict.md} in the output folder. Exit status 0 when the verdict passes, 1 otherwise.
 */
public final class SoakRun {
    private static final double MB = 1024 * 1024;

    private final SoakOptions options;
    private final NodeProbe probe = new NodeProbe();
    private final List<Sample> samples = new ArrayList<>();

    public SoakRun(SoakOptions options) {
        this.options = options;
    }

    /** Runs the soak; returns 0 when the verdict passed, 1 otherwise. */
    public int run() throws IOException {
        Path out = options.out();
        Files.createDirectories(out);
        SkeinSystem skein =
                new SkeinSystem(options.repo().resolve("server/target/skein-server.jar"), options.javaOptions());
        Instant began = Instant.now();
        say(
                "soak: %d node(s), %d stable clients (a message every %d ms each), %d churners/s, %s (warm-up %s),"
                        + " a sample every %d s; output in %s",
                options.nodes(),
                options.stableClients(),
                options.messageEvery().toMillis(),
                options.churnPerSecond(),
                options.duration(),
                options.warmup(),
                options.sampleEvery().toSeconds(),
                out);
        boolean alive;
        try (RedisProcess redis = RedisProcess.start(out.resolve("logs"));
                Cluster cluster = skein.start(options.nodes(), redis, out.resolve("logs"));
                LoadGenerator generator = new LoadGenerator(2);
                Churn churn = new Churn(generator, endpoints(cluster));
                Writer csv = Files.newBufferedWriter(out.resolve("soak.csv"), StandardCharsets.UTF_8)) {
            RedisQuery query = new RedisQuery(Integer.parseInt(redis.url().replaceAll(".*:", "")));
            churn.connectStable(options.stableClients(), Duration.ofMinutes(2));
            say("soak: %d stable clients joined their rooms; load starts", options.stableClients());
            csv.write(header(options.nodes()));
            long start = System.nanoTime();
            churn.start(options.messageEvery(), options.churnPerSecond());
            long end = start + options.duration().toNanos();
            for (long next = start;
                    next <= end && cluster.alive();
                    next += options.sampleEvery().toNanos()) {
                sleepUntil(next);
                Sample sample = sample((System.nanoTime() - start) / 60e9, cluster, redis, query, churn);
                samples.add(sample);
                csv.write(row(sample));
                csv.flush();
                report(sample);
            }
            alive = cluster.alive();
            churn.stop();
            if (!churn.unexpectedCloses().isEmpty()) {
                say("soak: clients that ended unexpectedly: %s", churn.unexpectedCloses());
            }
        }
        Verdict verdict = Verdict.of(samples, options, alive);
        plot(out);
        String text = summary(began, verdict);
        Files.writeString(out.resolve("verdict.md"), text, StandardCharsets.UTF_8);
        System.out.println(text);
        return verdict.passed() ? 0 : 1;
    }

    private static List<Endpoint> endpoints(Cluster cluster) {
        return cluster.nodes().stream().map(RunningNode::endpoint).toList();
    }

    private Sample sample(double minutes, Cluster cluster, RedisProcess redis, RedisQuery query, Churn churn) {
        List<NodeProbe.NodeSample> nodes = new ArrayList<>();
        for (RunningNode node : cluster.nodes()) {
            nodes.add(probe.sample(node));
        }
        Sample.RedisSample redisSample = new Sample.RedisSample(
                query.keys(),
                query.info("memory", "used_memory"),
                ProcStat.rssBytes(redis.pid()),
                query.info("clients", "connected_clients"),
                query.channels(),
                query.patterns());
        return new Sample(minutes, nodes, redisSample, churn.sample());
    }

    private static String header(int nodes) {
        StringBuilder line = new StringBuilder("minutes");
        for (int n = 1; n <= nodes; n++) {
            for (String column : List.of(
                    "heap_after_gc_bytes",
                    "rss_bytes",
                    "connections",
                    "rooms",
                    "publish_queue",
                    "threads",
                    "direct_bytes",
                    "open_files",
                    "redis_up")) {
                line.append(",node").append(n).append('_').append(column);
            }
        }
        line.append(",redis_keys,redis_used_memory_bytes,redis_rss_bytes,redis_clients,redis_channels,redis_patterns");
        line.append(",stable_connected,churners_live,churn_started,churn_joined,churn_failed,stable_lost");
        line.append(",room_events_sent,room_events_received,p50_ms,p99_ms\n");
        return line.toString();
    }

    private static String row(Sample s) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%.3f", s.minutes()));
        for (NodeProbe.NodeSample n : s.nodes()) {
            for (long value : new long[] {
                n.heapBytes(),
                n.rssBytes(),
                n.connections(),
                n.rooms(),
                n.publishQueue(),
                n.threads(),
                n.directBytes(),
                n.openFiles(),
                n.redisUp()
            }) {
                line.append(',').append(value);
            }
        }
        Sample.RedisSample r = s.redis();
        Churn.LoadSample l = s.load();
        for (long value : new long[] {
            r.keys(),
            r.usedMemory(),
            r.rssBytes(),
            r.clients(),
            r.channels(),
            r.patterns(),
            l.stableConnected(),
            l.churnersLive(),
            l.churnStarted(),
            l.churnJoined(),
            l.churnFailed(),
            l.stableLost(),
            l.sent(),
            l.received()
        }) {
            line.append(',').append(value);
        }
        line.append(String.format(Locale.ROOT, ",%.2f,%.2f%n", l.p50Millis(), l.p99Millis()));
        return line.toString();
    }

    private static void report(Sample s) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "soak %6.1f min:", s.minutes()));
        for (NodeProbe.NodeSample n : s.nodes()) {
            line.append(String.format(
                    Locale.ROOT,
                    " [heap %.1f MB, RSS %.0f MB, %d conn, q %d]",
                    n.heapBytes() / MB,
                    n.rssBytes() / MB,
                    n.connections(),
                    n.publishQueue()));
        }
        line.append(String.format(
                Locale.ROOT,
                " redis %d keys %d ch %.1f MB; churn %d (%d failed), p99 %.1f ms",
                s.redis().keys(),
                s.redis().channels(),
                s.redis().usedMemory() / MB,
                s.load().churnStarted(),
                s.load().churnFailed(),
                s.load().p99Millis()));
        System.out.println(line);
    }

    private void plot(Path out) throws IOException {
        int nodes = samples.isEmpty() ? 0 : samples.get(0).nodes().size();
        LineChart.Builder heap = chart("Heap after a full GC", "MB");
        LineChart.Builder rss = chart("Resident memory (RSS)", "MB");
        LineChart.Builder counts = chart("Connections and publish queue per node, Redis channels", "count");
        for (int n = 0; n < nodes; n++) {
            int node = n;
            heap.series("node " + (n + 1), points(s -> s.nodes().get(node).heapBytes() / MB));
            rss.series("node " + (n + 1), points(s -> s.nodes().get(node).rssBytes() / MB));
            counts.series(
                    "node " + (n + 1) + " connections",
                    points(s -> s.nodes().get(node).connections()));
            counts.series(
                    "node " + (n + 1) + " publish queue",
                    points(s -> s.nodes().get(node).publishQueue()));
        }
        rss.series("redis-server", points(s -> s.redis().rssBytes() / MB));
        counts.series("Redis pub/sub channels", points(s -> s.redis().channels()));
        double warmup = options.warmup().toMillis() / 60_000.0;
        heap.build().writePng(out.resolve("soak-heap.png"), 1000, 520);
        rss.build().writePng(out.resolve("soak-rss.png"), 1000, 520);
        counts.build().writePng(out.resolve("soak-counts.png"), 1000, 520);
        say("soak: plots in %s (warm-up: the first %.1f minutes)", out, warmup);
    }

    private static LineChart.Builder chart(String title, String yLabel) {
        return LineChart.builder().title(title).xLabel("minutes").yLabel(yLabel);
    }

    private List<LineChart.Point> points(ToDoubleFunction<Sample> value) {
        return samples.stream()
                .map(s -> new LineChart.Point(s.minutes(), value.applyAsDouble(s)))
                .toList();
    }

    private String summary(Instant began, Verdict verdict) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(
                Locale.ROOT,
                "# Soak, %s%n%n%d node(s) (%s), %d stable clients, %d churners/s, %s, warm-up %s, %d samples%n%n",
                began,
                options.nodes(),
                options.javaOptions(),
                options.stableClients(),
                options.churnPerSecond(),
                options.duration(),
                options.warmup(),
                samples.size()));
        if (!samples.isEmpty()) {
            Churn.LoadSample last = samples.get(samples.size() - 1).load();
            text.append(String.format(
                    Locale.ROOT,
                    "Churners started %d (joined %d, failed %d); room events sent %d, received %d.%n%n",
                    last.churnStarted(),
                    last.churnJoined(),
                    last.churnFailed(),
                    last.sent(),
                    last.received()));
        }
        return text.append(verdict.markdown()).toString();
    }

    private static void sleepUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
