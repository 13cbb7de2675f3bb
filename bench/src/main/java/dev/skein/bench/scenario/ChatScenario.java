package dev.skein.bench.scenario;

import dev.skein.bench.load.Crowd;
import dev.skein.bench.load.Message;
import dev.skein.bench.load.PacedSender;
import dev.skein.bench.load.Session;
import dev.skein.bench.load.Transport;
import dev.skein.bench.system.ServerSystem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * Chat: two nodes, 5,000 rooms of 2 to 5 members (sizes drawn from a fixed seed, members alternating
 * between the nodes), every member sending {@code my_room_event} to its room once a second; each message
 * reaches every member of the room, the sender included.
 */
public final class ChatScenario implements Scenario {
    private static final int ROOMS = 5_000;
    private static final long SEED = 20_261_126L;
    private static final int DATA_BYTES = 32;

    @Override
    public String name() {
        return "chat";
    }

    @Override
    public String description() {
        return "2 nodes, 5,000 rooms of 2-5 members (alternating nodes), each member sending my_room_event to its"
                + " room once a second";
    }

    @Override
    public List<Outcome> run(ServerSystem system, int round, BenchContext context) {
        int rooms = context.scaled(ROOMS, 2);
        List<String> roomOfMember = members(rooms);
        Map<String, Integer> roomSizes = new HashMap<>();
        roomOfMember.forEach(r -> roomSizes.merge(r, 1, Integer::sum));
        long deliveriesPerRound =
                roomSizes.values().stream().mapToLong(n -> (long) n * n).sum();
        String variant = String.format(Locale.ROOT, "2 nodes, %,d rooms, %,d members", rooms, roomOfMember.size());
        if (!context.selects(variant)) {
            return List.of();
        }
        try (Rig rig = Rig.start(system, 2, context);
                Crowd crowd = new Crowd(context.generator())) {
            crowd.connect(
                    roomOfMember.size(),
                    rig.cluster()::endpoint,
                    roomOfMember::get,
                    Transport.WEBSOCKET,
                    200,
                    Duration.ofMinutes(3));
            if (crowd.ready() < roomOfMember.size()) {
                throw new IllegalStateException(String.format(
                        Locale.ROOT,
                        "only %d of %d members joined (%s)",
                        crowd.ready(),
                        roomOfMember.size(),
                        crowd.closeReasons()));
            }
            List<Session> members = crowd.sessions();
            double perSecond = members.size();
            Map<String, Message> messages = new HashMap<>();
            int closedBefore = crowd.closed();
            Rig.Meters meters = rig.meters();
            try (PacedSender sender = PacedSender.start(
                    members,
                    perSecond,
                    s -> messages.computeIfAbsent(Crowd.roomOf(s), r -> Message.roomEvent(r, DATA_BYTES)))) {
                Pause.sleep(context.warmup().multipliedBy(2));
                crowd.takeLatency();
                long receivedBefore = crowd.received();
                long sentBefore = sender.sent();
                long start = System.nanoTime();
                meters.restart();
                Pause.sleep(context.measure().multipliedBy(2));
                long delivered = crowd.received() - receivedBefore;
                long sent = sender.sent() - sentBefore;
                long serverCpu = meters.servers().nanosSinceStart();
                long redisCpu = meters.redis().nanosSinceStart();
                long generatorCpu = meters.generator().nanosSinceStart();
                double seconds = (System.nanoTime() - start) / 1e9;
                Histogram latency = crowd.takeLatency();
                double expectedDeliveries = (double) sent * deliveriesPerRound / members.size();
                Step step = Step.of(
                        perSecond * deliveriesPerRound / members.size(),
                        (long) expectedDeliveries,
                        delivered,
                        seconds,
                        serverCpu,
                        redisCpu,
                        generatorCpu,
                        latency,
                        crowd.closed() - closedBefore);
                Map<String, Double> figures = new LinkedHashMap<>();
                figures.put("server CPU µs per delivered message", step.serverCpuMicrosPerMessage());
                figures.put("server CPU µs per sent message", serverCpu / 1000.0 / Math.max(1, sent));
                figures.put("Redis CPU µs per sent message", redisCpu / 1000.0 / Math.max(1, sent));
                figures.put("delivered msg/s", step.deliveredPerSecond());
                figures.put("p50 ms", step.p50Micros() / 1000.0);
                figures.put("p99 ms", step.p99Micros() / 1000.0);
                return List.of(new Outcome(name(), variant, system.name(), round, figures, List.of(step)));
            }
        }
    }

    /** Each member's room, rooms of 2 to 5 members in order. */
    static List<String> members(int rooms) {
        SplittableRandom random = new SplittableRandom(SEED);
        List<String> members = new ArrayList<>();
        for (int room = 0; room < rooms; room++) {
            int size = 2 + random.nextInt(4);
            for (int i = 0; i < size; i++) {
                members.add("chat-" + room);
            }
        }
        return members;
    }
}
