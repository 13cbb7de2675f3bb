package dev.skein.cluster;

import dev.skein.testing.RedisServer;
import dev.skein.testing.TestNode;
import dev.skein.wire.BroadcastMessage;
import dev.skein.wire.ClusterChannels;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a cluster broadcast that no local client needs costs the node that receives it, on one node with a
 * real Redis: skipped before decoding (one room, no member here), against decoded and matched to nobody
 * (several rooms, or a room given in {@code rooms} on the namespace channel). Also what an emit costs the
 * calling thread, clustered and in memory. Reports the
 * median of 5 rounds and ratios against the skip, all from the same run; not a pass/fail test.
 *
 * <p>Run: {@code ./mvnw -q install -DskipTests} once, then {@code ./mvnw -q -pl server exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=dev.skein.cluster.ClusterBenchmark}
 */
public final class ClusterBenchmark {
    private static final int ROUNDS = 5;

    private ClusterBenchmark() {}

    public static void main(String[] args) throws Exception {
        try (RedisServer redis = RedisServer.start();
                TestNode clustered = TestNode.start(b -> b.redisUrl(redis.url()).nodeId("bench"));
                TestNode inMemory = TestNode.start(b -> b.nodeId("bench-memory"))) {
            RedisAdapter adapter = (RedisAdapter) clustered.server().sockets().adapter();
            ClusterChannels channels = ClusterChannels.defaults();
            Map<String, Object> payload = new LinkedHashMap<>();
            for (int i = 0; i < 10; i++) {
                payload.put("field" + i, "value " + i);
            }
            byte[] toNobody = message(Set.of("nobody"), payload);
            System.out.printf("broadcast message: %d bytes%n", toNobody.length);

            double skipped = measure(
                    "skipped before decoding (one room, no member here)",
                    200_000,
                    () -> adapter.onBroadcast(channels.room("/", "nobody"), toNobody));
            double decoded = measure(
                    "decoded, no local target (rooms [nobody] on the namespace channel)",
                    200_000,
                    () -> adapter.onBroadcast(channels.broadcast("/"), toNobody));
            double clusteredEmit = measure(
                    "emit to an empty room, clustered (caller thread)",
                    20_000,
                    () -> clustered.server().to("nobody").emit("tick", payload));
            double memoryEmit =
                    measure("emit to an empty room, in memory (caller thread)", 200_000, () -> inMemory.server()
                            .to("nobody")
                            .emit("tick", payload));

            System.out.printf(
                    "%nratios: decoded/skipped %.1f, clustered/in-memory emit %.1f%n",
                    decoded / skipped, clusteredEmit / memoryEmit);
        }
    }

    private static byte[] message(Set<String> rooms, Map<String, Object> payload) {
        return new BroadcastMessage("other1", "/", List.of("tick", payload), rooms, Set.of(), Map.of()).encode();
    }

    /** The median nanoseconds per operation over {@link #ROUNDS} rounds, after one warm-up round. */
    private static double measure(String name, int operations, Runnable operation) {
        double[] rounds = new double[ROUNDS];
        for (int round = -1; round < ROUNDS; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < operations; i++) {
                operation.run();
            }
            double perOperation = (System.nanoTime() - start) / (double) operations;
            if (round >= 0) {
                rounds[round] = perOperation;
            }
        }
        Arrays.sort(rounds);
        double median = rounds[ROUNDS / 2];
        System.out.printf(
                "%-75s %10.0f ns/op  (rounds %s)%n",
                name,
                median,
                Arrays.toString(Arrays.stream(rounds).mapToLong(Math::round).toArray()));
        return median;
    }
}
