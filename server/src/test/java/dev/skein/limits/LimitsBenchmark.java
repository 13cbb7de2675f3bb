package dev.skein.limits;

import dev.skein.config.LimitsConfig;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the per-address tables and the per-connection event budget cost, on the calling threads: nanoseconds
 * per handshake check (a token from {@link AddressRateLimiter}, a place in {@link ConnectionQuota} taken and
 * given back) with 1 and 2 threads, for one shared address (the contended case: every handshake from one
 * NAT) and for an address per thread; and per event ({@link EventBudget#take()}). Median of 5 rounds; not a
 * pass/fail test.
 *
 * <p>Run: {@code ./mvnw -q install -DskipTests} once, then {@code ./mvnw -q -pl server exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=dev.skein.limits.LimitsBenchmark}
 */
public final class LimitsBenchmark {
    private static final int ROUNDS = 5;
    private static final int OPS = 2_000_000;

    private LimitsBenchmark() {}

    public static void main(String[] args) throws Exception {
        for (int threads = 1; threads <= 2; threads++) {
            report("handshake check, one shared address", threads, true);
            report("handshake check, an address per thread", threads, false);
        }
        EventBudget budget = new EventRateLimit(1_000_000_000, 1_000_000, 10, System::nanoTime).newBudget();
        List<Double> perEvent = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < OPS; i++) {
                budget.take();
            }
            perEvent.add((System.nanoTime() - start) / (double) OPS);
        }
        System.out.printf("event budget take: %.1f ns%n", median(perEvent));
    }

    private static void report(String what, int threads, boolean shared) throws Exception {
        List<Double> nanos = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            nanos.add(round(threads, shared));
        }
        System.out.printf("%s, %d thread(s): %.0f ns per check%n", what, threads, median(nanos));
    }

    /** Nanoseconds per check, per thread, with {@code threads} threads checking at once. */
    private static double round(int threads, boolean shared) throws Exception {
        // high enough that nothing is refused: the cost of the bookkeeping, not of refusals
        LimitsConfig config = LimitsConfig.builder()
                .handshakesPerSecondPerIp(10_000_000)
                .handshakeBurstPerIp(1_000_000)
                .build();
        Admission admission = new Admission(
                config,
                new LimitsMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
                System::nanoTime);
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong total = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            InetAddress address = InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) (shared ? 1 : t + 1)});
            Thread worker = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long start = System.nanoTime();
                for (int i = 0; i < OPS; i++) {
                    if (admission.admit(address) == Admission.Verdict.ADMITTED) {
                        admission.release(address);
                    }
                }
                total.addAndGet(System.nanoTime() - start);
            });
            worker.start();
            workers.add(worker);
        }
        go.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        return total.get() / (double) threads / OPS;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
