package dev.skein.bench.scenario;

import dev.skein.bench.load.Crowd;
import dev.skein.bench.load.LatencyMarker;
import dev.skein.bench.load.Transport;
import dev.skein.bench.system.ChildProcess;
import dev.skein.bench.system.ServerSystem;
import dev.skein.emitter.SkeinEmitter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Push: a backend job's emitter publishing {@code my_response} to a room through Redis, 500 messages a
 * second, to 20 clients spread over two nodes; once with Skein's Java emitter, once with the official Node
 * emitter ({@code bench/peer/emitter.mjs}). Both stamp each message right before publishing it.
 */
public final class PushScenario implements Scenario {
    private static final int RECEIVERS = 20;
    private static final int MESSAGES_PER_SECOND = 500;
    private static final Duration SENDING = Duration.ofSeconds(8);
    private static final String ROOM = "push";

    private final Path peerDir;

    public PushScenario(Path peerDir) {
        this.peerDir = peerDir;
    }

    @Override
    public String name() {
        return "push";
    }

    @Override
    public String description() {
        return "an emitter publishing 500 msg/s through Redis to a room of 20 clients on 2 nodes (Java emitter, then"
                + " the official Node emitter)";
    }

    @Override
    public List<Outcome> run(ServerSystem system, int round, BenchContext context) {
        List<Outcome> outcomes = new ArrayList<>();
        try (Rig rig = Rig.start(system, 2, context);
                Crowd crowd = new Crowd(context.generator())) {
            crowd.connect(
                    RECEIVERS, rig.cluster()::endpoint, i -> ROOM, Transport.WEBSOCKET, 20, Duration.ofSeconds(30));
            if (crowd.ready() < RECEIVERS) {
                throw new IllegalStateException("clients did not connect: " + crowd.closeReasons());
            }
            int count = (int) Math.max(10, MESSAGES_PER_SECOND * context.scale() * SENDING.toSeconds());
            double rate = Math.max(10, MESSAGES_PER_SECOND * context.scale());
            String javaVariant = "Java emitter (skein-emitter) to 20 clients on 2 nodes";
            context.variant(
                    system.name(),
                    javaVariant,
                    outcomes,
                    () -> measure(system, round, javaVariant, crowd, count, () -> javaEmitter(rig, count, rate)));
            String nodeVariant = "official Node emitter (@socket.io/redis-emitter) to 20 clients on 2 nodes";
            context.variant(
                    system.name(),
                    nodeVariant,
                    outcomes,
                    () -> measure(
                            system, round, nodeVariant, crowd, count, () -> nodeEmitter(rig, count, rate, context)));
        }
        return outcomes;
    }

    private Outcome measure(ServerSystem system, int round, String variant, Crowd crowd, int count, Runnable emit) {
        crowd.openWindow();
        emit.run();
        crowd.closeWindow();
        long expected = (long) count * RECEIVERS;
        long got = Pause.until(crowd::receivedFromWindow, expected, Duration.ofSeconds(2), Duration.ofSeconds(20));
        Histogram latency = crowd.windowLatency();
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("p50 ms", latency.getValueAtPercentile(50) / 1000.0);
        figures.put("p99 ms", latency.getValueAtPercentile(99) / 1000.0);
        figures.put("delivered share", got / (double) expected);
        return new Outcome(name(), variant, system.name(), round, figures, List.of());
    }

    private static void javaEmitter(Rig rig, int count, double perSecond) {
        Config config = new Config();
        config.useSingleServer().setAddress(rig.redis().url());
        RedissonClient redisson = Redisson.create(config);
        try {
            SkeinEmitter emitter = SkeinEmitter.create(redisson).to(ROOM);
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long due = start + (long) (i * 1e9 / perSecond);
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                    if (due - System.nanoTime() > 2_000_000) {
                        Pause.sleep(Duration.ofMillis(1));
                    }
                }
                emitter.emitAsync(
                        "my_response", Map.of("data", LatencyMarker.now(32), "node", "emitter", "room", ROOM));
            }
        } finally {
            redisson.shutdown();
        }
    }

    private void nodeEmitter(Rig rig, int count, double perSecond, BenchContext context) {
        List<String> command = List.of(
                "node",
                peerDir.resolve("emitter.mjs").toString(),
                "--redis-url",
                rig.redis().url(),
                "--room",
                ROOM,
                "--rate",
                Integer.toString((int) perSecond),
                "--count",
                Integer.toString(count));
        try (ChildProcess emitter = ChildProcess.start("node-emitter", command, Map.of(), context.logDir())) {
            emitter.awaitLine(line -> line.contains("\"ready\":true"), Duration.ofSeconds(30));
            emitter.stdin().write("go\n".getBytes(StandardCharsets.UTF_8));
            emitter.stdin().flush();
            emitter.awaitLine(line -> line.contains("\"done\":true"), SENDING.plusSeconds(30));
        } catch (IOException e) {
            throw new UncheckedIOException("could not drive the Node emitter", e);
        }
    }
}
