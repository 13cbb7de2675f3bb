package dev.skein.push;

import dev.skein.emitter.SkeinEmitter;
import dev.skein.testing.JavaClients;
import dev.skein.testing.RedisServer;
import dev.skein.testing.TestNode;
import io.socket.client.Socket;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.json.JSONObject;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Emitter→client latency across two nodes on a real Redis, p50/p99, against a peer measured in the same
 * run: the same client reached by its own node's local emit (no Redis). One Java client joined to a room
 * on each node; every message carries its send time ({@code System.nanoTime()}, one JVM). Not a pass/fail
 * test.
 *
 * <p>Run: {@code ./mvnw -q install -DskipTests} once, then {@code ./mvnw -q -pl server exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=dev.skein.push.PushLatencyBenchmark}
 */
public final class PushLatencyBenchmark {
    private static final int WARM_UP = 500;
    private static final int MESSAGES = 2000;
    private static final long PAUSE_MICROS = 500;

    private PushLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        Config config = new Config();
        try (RedisServer redis = RedisServer.start();
                TestNode one = TestNode.start(b -> b.redisUrl(redis.url()).nodeId("one"));
                TestNode two = TestNode.start(b -> b.redisUrl(redis.url()).nodeId("two"));
                JavaClients clientsOfOne = new JavaClients(one.url());
                JavaClients clientsOfTwo = new JavaClients(two.url())) {
            config.useSingleServer().setAddress(redis.url().toString());
            RedissonClient redisson = Redisson.create(config);
            try {
                Socket atOne = clientsOfOne.connect("/");
                Socket atTwo = clientsOfTwo.connect("/");
                for (Socket client : new Socket[] {atOne, atTwo}) {
                    JavaClients.emitWithAck(client, "join", new JSONObject().put("room", "bench"));
                }
                SkeinEmitter emitter = SkeinEmitter.create(redisson).to("bench");

                long[] local =
                        measure(atTwo, sent -> two.server().to("bench").local().emit("t", sent));
                long[] pushed = measure(atTwo, sent -> emitter.emitAsync("t", sent));
                report("local emit on the client's node (peer)", local);
                report("Java emitter through Redis, other node's client", pushed);
                System.out.printf(
                        "ratios emitter/local: p50 %.1f, p99 %.1f%n",
                        (double) percentile(pushed, 50) / percentile(local, 50),
                        (double) percentile(pushed, 99) / percentile(local, 99));
            } finally {
                redisson.shutdown();
            }
        }
    }

    /** Latencies in microseconds of {@link #MESSAGES} messages, after {@link #WARM_UP} unmeasured ones. */
    private static long[] measure(Socket client, LongConsumer send) throws InterruptedException {
        long[] latencies = new long[MESSAGES];
        CountDownLatch done = new CountDownLatch(WARM_UP + MESSAGES);
        int[] index = {0};
        client.off("t");
        client.on("t", received -> {
            long latency = (System.nanoTime() - ((Number) received[0]).longValue()) / 1000;
            synchronized (latencies) {
                int i = index[0]++;
                if (i >= WARM_UP && i < WARM_UP + MESSAGES) {
                    latencies[i - WARM_UP] = latency;
                }
            }
            done.countDown();
        });
        for (int i = 0; i < WARM_UP + MESSAGES; i++) {
            send.accept(System.nanoTime());
            TimeUnit.MICROSECONDS.sleep(PAUSE_MICROS);
        }
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + (WARM_UP + MESSAGES - done.getCount()) + " messages arrived");
        }
        Arrays.sort(latencies);
        return latencies;
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static void report(String name, long[] sorted) {
        System.out.printf(
                "%-50s p50 %6d µs  p99 %6d µs  max %6d µs  (%d messages)%n",
                name, percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1], sorted.length);
    }
}
