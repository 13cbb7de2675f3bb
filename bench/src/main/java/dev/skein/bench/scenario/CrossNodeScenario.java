package dev.skein.bench.scenario;

import dev.skein.bench.load.Crowd;
import dev.skein.bench.load.Message;
import dev.skein.bench.load.Transport;
import dev.skein.bench.system.ServerSystem;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cross-node latency: one sender on node A emitting {@code my_room_event} 1,000 times a second to a room
 * whose 10 members are all on node B, so every message crosses Redis.
 */
public final class CrossNodeScenario implements Scenario {
    private static final int RECEIVERS = 10;
    private static final double MESSAGES_PER_SECOND = 1_000;
    private static final String ROOM = "across";

    @Override
    public String name() {
        return "crossnode";
    }

    @Override
    public String description() {
        return "one sender on node A, 1,000 msg/s to a room of 10 receivers on node B (every message crosses Redis)";
    }

    @Override
    public List<Outcome> run(ServerSystem system, int round, BenchContext context) {
        String variant = "2 nodes, 1,000 msg/s to 10 receivers on the other node";
        if (!context.selects(variant)) {
            return List.of();
        }
        try (Rig rig = Rig.start(system, 2, context);
                Crowd receivers = new Crowd(context.generator());
                Crowd sender = new Crowd(context.generator())) {
            receivers.connect(
                    RECEIVERS,
                    i -> rig.cluster().endpoint(1),
                    i -> ROOM,
                    Transport.WEBSOCKET,
                    10,
                    Duration.ofSeconds(30));
            sender.connect(
                    1, i -> rig.cluster().endpoint(0), i -> null, Transport.WEBSOCKET, 1, Duration.ofSeconds(30));
            if (receivers.ready() < RECEIVERS || sender.ready() < 1) {
                throw new IllegalStateException("clients did not connect: " + receivers.closeReasons());
            }
            double deliveries = MESSAGES_PER_SECOND * context.scale() * RECEIVERS;
            Step step = FanoutScenario.step(
                    rig,
                    receivers,
                    sender.sessions(),
                    Message.roomEvent(ROOM, 32),
                    deliveries,
                    RECEIVERS,
                    context.withLongerSteps());
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put("p50 ms", step.p50Micros() / 1000.0);
            figures.put("p99 ms", step.p99Micros() / 1000.0);
            figures.put("p99.9 ms", step.p999Micros() / 1000.0);
            figures.put("server CPU µs per delivered message", step.serverCpuMicrosPerMessage());
            return List.of(new Outcome(name(), variant, system.name(), round, figures, List.of(step)));
        }
    }
}
