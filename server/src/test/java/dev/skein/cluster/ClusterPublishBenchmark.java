package dev.skein.cluster;

import dev.skein.testing.RedisServer;
import dev.skein.testing.TestNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * What the chat scenario's clustered emits cost: {@value #EMITS} emits from one thread, each to another room
 * (so each is one {@code PUBLISH} on its own channel), on one node with a real Redis. Per emit, it reports
 * the CPU of the calling thread, of the rest of the JVM (the publisher thread and Redisson's threads shown
 * apart; the rest is GC, JIT and the node's own subscription skipping the message), and of {@code
 * redis-server} ({@code INFO cpu}); how many {@code PUBLISH}es Redis ran ({@code INFO commandstats}) and
 * how many messages came back to the node (it hears its own broadcasts on the room channels and skips
 * them: {@code skein_cluster_messages_skipped_total}); and the publish failures and drops. Then the
 * calling thread's CPU when emits come one at a time ({@value #SPARSE_EMITS}, 200 us apart, so each finds
 * the publisher asleep), and both figures for an in-memory node as the floor. CPU time, not wall time, so
 * that other work on the machine disturbs the figures less. Not a pass/fail test.
 *
 * <p>Run: {@code ./mvnw -q install -DskipTests} once, then {@code ./mvnw -o -q -pl server test-compile
 * exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.skein.cluster.ClusterPublishBenchmark}
 */
public final class ClusterPublishBenchmark {
    private static final int EMITS = 100_000;
    private static final int ROUNDS = 3;
    private static final int SPARSE_EMITS = 5_000;
    private static final Duration SPARSE_GAP = Duration.ofNanos(200_000);
    /** How long a round waits for one more message to come back before it counts the rest as lost. */
    private static final Duration QUIET = Duration.ofSeconds(5);

    private static final String[] COLUMNS = {
        "calling thread, ns CPU per emit",
        "rest of the JVM, ns CPU per emit",
        "  of which skein-cluster-publisher",
        "  of which Redisson's threads",
        "redis-server, ns CPU per message",
        "wall time until all came back, ms",
        "PUBLISH commands Redis ran",
        "messages that came back",
        "publishes failed (metric)",
        "publishes dropped (metric)"
    };

    private ClusterPublishBenchmark() {}

    public static void main(String[] args) throws Exception {
        try (RedisServer redis = RedisServer.start();
                TestNode node = TestNode.start(b -> b.redisUrl(redis.url()).nodeId("bench"));
                TestNode inMemory = TestNode.start(b -> b.nodeId("bench-memory"))) {
            node.server()
                    .sockets()
                    .adapter()
                    .whenListening()
                    .toCompletableFuture()
                    .get();
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("from", "user-4711");
            message.put("text", "see you at the station at six");
            System.out.printf(Locale.ROOT, "%d emits to distinct rooms per round, after a warm-up round%n", EMITS);
            double[][] rounds = new double[ROUNDS][];
            for (int round = -1; round < ROUNDS; round++) {
                double[] figures = round(node, redis, message, "r" + round + "-");
                if (round >= 0) {
                    rounds[round] = figures;
                }
            }
            report(rounds);
            System.out.printf(
                    Locale.ROOT,
                    "sparse emits (one every %d us), calling thread, ns CPU per emit: %.0f%n",
                    SPARSE_GAP.toNanos() / 1_000,
                    sparseEmit(node, message));
            System.out.printf(
                    Locale.ROOT,
                    "for reference, an in-memory emit (no cluster): calling thread, ns CPU per emit: %.0f, sparse:"
                            + " %.0f%n",
                    inMemoryEmit(inMemory, message),
                    sparseEmit(inMemory, message));
        }
    }

    /**
     * The calling thread's CPU per emit when emits come one at a time, {@link #SPARSE_GAP} apart, so that
     * each finds the cluster path idle (median of {@link #ROUNDS} rounds of {@link #SPARSE_EMITS}, after a
     * warm-up; the cost of reading the thread's CPU time is taken off).
     */
    private static double sparseEmit(TestNode node, Map<String, Object> message) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] rounds = new double[ROUNDS];
        for (int round = -1; round < ROUNDS; round++) {
            long emitting = 0;
            long reading = 0;
            for (int i = 0; i < SPARSE_EMITS; i++) {
                LockSupport.parkNanos(SPARSE_GAP.toNanos());
                long before = threads.getCurrentThreadCpuTime();
                node.server().to("sparse-" + i).emit("message", message);
                long between = threads.getCurrentThreadCpuTime();
                long after = threads.getCurrentThreadCpuTime();
                emitting += between - before;
                reading += after - between;
            }
            if (round >= 0) {
                rounds[round] = (emitting - reading) / (double) SPARSE_EMITS;
            }
        }
        Arrays.sort(rounds);
        return rounds[ROUNDS / 2];
    }

    /** The median over {@link #ROUNDS} rounds (after a warm-up) of the calling thread's CPU per emit. */
    private static double inMemoryEmit(TestNode node, Map<String, Object> message) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] rounds = new double[ROUNDS];
        for (int round = -1; round < ROUNDS; round++) {
            long before = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < EMITS; i++) {
                node.server().to("room-" + i).emit("message", message);
            }
            if (round >= 0) {
                rounds[round] = (threads.getCurrentThreadCpuTime() - before) / (double) EMITS;
            }
        }
        Arrays.sort(rounds);
        return rounds[ROUNDS / 2];
    }

    /** One round's figures, in the order of {@link #COLUMNS}. */
    private static double[] round(TestNode node, RedisServer redis, Map<String, Object> message, String prefix)
            throws InterruptedException {
        String[] rooms = new String[EMITS];
        for (int i = 0; i < EMITS; i++) {
            rooms[i] = prefix + i;
        }
        MeterRegistry meters = node.server().metrics().registry();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] countersBefore = counters(meters);
        long publisherBefore = threadsCpuNanos("skein-cluster-publisher");
        long redissonBefore = threadsCpuNanos("redisson-");
        long redisBefore = redisCpuMicros(redis);
        long publishesBefore = redisPublishes(redis);
        long processBefore = processCpuNanos();
        long wallBefore = System.nanoTime();
        long callerBefore = threads.getCurrentThreadCpuTime();
        for (String room : rooms) {
            node.server().to(room).emit("message", message);
        }
        long caller = threads.getCurrentThreadCpuTime() - callerBefore;
        long wall = awaitHeard(meters, countersBefore[0] + EMITS) - wallBefore;
        long rest = processCpuNanos() - processBefore - caller;
        long publisher = threadsCpuNanos("skein-cluster-publisher") - publisherBefore;
        long redisson = threadsCpuNanos("redisson-") - redissonBefore;
        long redisCpu = (redisCpuMicros(redis) - redisBefore) * 1_000;
        double[] countersAfter = counters(meters);
        return new double[] {
            caller / (double) EMITS,
            rest / (double) EMITS,
            publisher / (double) EMITS,
            redisson / (double) EMITS,
            redisCpu / (double) EMITS,
            wall / 1e6,
            redisPublishes(redis) - publishesBefore,
            countersAfter[0] - countersBefore[0],
            countersAfter[1] - countersBefore[1],
            countersAfter[2] - countersBefore[2]
        };
    }

    /** Messages heard back, publishes failed, publishes dropped. */
    private static double[] counters(MeterRegistry meters) {
        return new double[] {
            meters.counter("skein.cluster.messages.skipped").count(),
            meters.counter("skein.cluster.publish.failures").count(),
            meters.counter("skein.cluster.publishes.dropped").count()
        };
    }

    /**
     * Waits until {@code expected} messages came back, or none came for {@link #QUIET}; returns when the
     * last one came ({@link System#nanoTime()}).
     */
    private static long awaitHeard(MeterRegistry meters, double expected) throws InterruptedException {
        double last = counters(meters)[0];
        long lastProgress = System.nanoTime();
        while (last < expected && System.nanoTime() - lastProgress < QUIET.toNanos()) {
            Thread.sleep(1);
            double now = counters(meters)[0];
            if (now > last) {
                last = now;
                lastProgress = System.nanoTime();
            }
        }
        return lastProgress;
    }

    private static void report(double[][] rounds) {
        for (int column = 0; column < COLUMNS.length; column++) {
            double[] values = new double[rounds.length];
            for (int round = 0; round < rounds.length; round++) {
                values[round] = rounds[round][column];
            }
            long[] shown = Arrays.stream(values).mapToLong(Math::round).toArray();
            Arrays.sort(values);
            System.out.printf(
                    Locale.ROOT,
                    "%-36s median %8.0f  (rounds %s)%n",
                    COLUMNS[column],
                    values[values.length / 2],
                    Arrays.toString(shown));
        }
    }

    /** The CPU time of the live threads whose name starts with {@code prefix}. */
    private static long threadsCpuNanos(String prefix) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The {@code calls} of {@code PUBLISH} in {@code INFO commandstats}. */
    private static long redisPublishes(RedisServer redis) {
        for (String line : redis.info("commandstats").split("\r\n")) {
            if (line.startsWith("cmdstat_publish:calls=")) {
                return Long.parseLong(line.substring("cmdstat_publish:calls=".length(), line.indexOf(',')));
            }
        }
        return 0;
    }

    /** {@code used_cpu_user + used_cpu_sys} of {@code INFO cpu}, in microseconds. */
    private static long redisCpuMicros(RedisServer redis) {
        double seconds = 0;
        for (String line : redis.info("cpu").split("\r\n")) {
            if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
                seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1));
            }
        }
        return Math.round(seconds * 1e6);
    }
}
