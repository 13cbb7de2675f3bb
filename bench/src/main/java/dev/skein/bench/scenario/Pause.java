package dev.skein.bench.scenario;

import java.time.Duration;
import java.util.function.LongSupplier;

/** Waiting in scenarios: fixed windows, and waits for a counter to settle. */
final class Pause {
    private Pause() {}

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Waits until {@code counter} reaches {@code target}, or stops moving for {@code quiet}, or {@code
     * timeout} passes; returns its last value.
     */
    static long until(LongSupplier counter, long target, Duration quiet, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = counter.getAsLong();
        long lastMoved = System.nanoTime();
        while (last < target && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(20));
            long now = counter.getAsLong();
            if (now != last) {
                last = now;
                lastMoved = System.nanoTime();
            } else if (System.nanoTime() - lastMoved > quiet.toNanos()) {
                break;
            }
        }
        return last;
    }
}
