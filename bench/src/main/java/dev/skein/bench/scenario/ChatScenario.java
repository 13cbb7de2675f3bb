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

/**
 * Chat: two nodes, 5,000 rooms of 2 to 5 members (sizes drawn from a fixed seed, members alternating
 * between the nodes), every member sending {@code my_room_event} to its room every 4 s, every 2 s, then every second (3 steps);
 * each message reaches every member of the room, the sender included.
 */
public final class ChatScenario implements Scenario {
    private static final int ROOMS = 5_000;
    private static final long SEED = 20_261_126L;
    private static final int DATA_BYTES = 32;
    /** Messages per member per second, step by step: the last is the once a second. */
    private static final List<Double> PER_MEMBER_RATES = List.of(0.25, 0.5, 1.0);

    @Override
    public String name() {
        return "chat";
    }

    @Override
    public String description() {
        return "2 nodes, 5,000 rooms of 2-5 members (alternating nodes), each member sending my_room_event to its"
                + " room every 4 s, every 2 s, then every second";
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
            double deliveriesPerMessage = (double) deliveriesPerRound / members.size();
            Map<String, Message> messages = new HashMap<>();
            List<Step> steps = new ArrayList<>();
            for (double perMember : PER_MEMBER_RATES) {
                double perSecond = members.size() * perMember;
                steps.add(FanoutScenario.measure(
                        rig,
                        crowd,
                        perSecond * deliveriesPerMessage,
                        deliveriesPerMessage,
                        context,
                        () -> PacedSender.start(
                                members,
                                perSecond,
                                s -> messages.computeIfAbsent(
                                        Crowd.roomOf(s), r -> Message.roomEvent(r, DATA_BYTES)))));
            }
            Step light = steps.get(0);
            Step full = steps.get(steps.size() - 1);
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put("server CPU µs per delivered message (a message every 4 s)", light.serverCpuMicrosPerMessage());
            figures.put(
                    "server CPU µs per sent message (a message every 4 s)",
                    light.serverCpuMicrosPerMessage() * deliveriesPerMessage);
            figures.put(
                    "Redis CPU µs per sent message (a message every 4 s)",
                    light.redisCpuMicrosPerMessage() * deliveriesPerMessage);
            figures.put("p99 ms (a message every 4 s)", light.p99Micros() / 1000.0);
            figures.put("delivered msg/s (a message a second)", full.deliveredPerSecond());
            figures.put("server CPU µs per delivered message (a message a second)", full.serverCpuMicrosPerMessage());
            figures.put("p99 ms (a message a second)", full.p99Micros() / 1000.0);
            return List.of(new Outcome(name(), variant, system.name(), round, figures, steps));
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
