package dev.skein.limits;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TokenBucket} per client address, for rates such as handshakes per second. Thread-safe: the table
 * is a {@link ConcurrentHashMap} whose values are the buckets' states in {@link AtomicLong}s, so that a take
 * for a known address is a lock-free read and one compare-and-set, and event loops taking tokens for
 * different addresses do not wait for each other (only adding an address locks its bin, briefly).
 *
 * <p>The table stays bounded: a bucket that is full again is the same as no bucket, so once the table holds
 * {@value #SWEEP_FROM} addresses, the take of a new address sweeps such buckets out (at most once a second,
 * one thread at a time). It never holds more than {@code maxAddresses}: when that many addresses all took a
 * token within the last burst window, a new address is let through untracked (and counted by the caller)
 * rather than refused, so that a spray of source addresses can neither grow the table nor lock out addresses
 * it has not seen.
 */
public final class AddressRateLimiter {
    /** What {@link #take} answers. */
    public enum Outcome {
        TAKEN,
        REFUSED,
        /** The table was full of live buckets: let through without one. */
        UNTRACKED
    }

    static final int SWEEP_FROM = 4_096;
    private static final long SWEEP_EVERY_NANOS = 1_000_000_000L;
    /** A bucket being swept out: a take that finds it starts a new one. */
    private static final long SWEPT = Long.MIN_VALUE + 1;

    private final TokenBucket bucket;
    private final int maxAddresses;
    private final ConcurrentHashMap<InetAddress, AtomicLong> buckets = new ConcurrentHashMap<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private volatile long lastSweep;

    /**
     * @param maxAddresses the most addresses tracked at once, at least {@value #SWEEP_FROM}
     * @param startNanos the clock's time now
     */
    public AddressRateLimiter(TokenBucket bucket, int maxAddresses, long startNanos) {
        if (maxAddresses < SWEEP_FROM) {
            throw new IllegalArgumentException("maxAddresses : " + maxAddresses + " (expected: >= " + SWEEP_FROM + ")");
        }
        this.bucket = bucket;
        this.maxAddresses = maxAddresses;
        this.lastSweep = startNanos;
    }

    /** Takes a token from {@code address}'s bucket at {@code nowNanos}. */
    public Outcome take(InetAddress address, long nowNanos) {
        while (true) {
            AtomicLong state = buckets.get(address);
            if (state == null) {
                Outcome added = addBucket(address, nowNanos);
                if (added != null) {
                    return added;
                }
                continue;
            }
            long current = state.get();
            if (current == SWEPT) {
                buckets.remove(address, state);
                continue;
            }
            long next = bucket.take(current, nowNanos);
            if (next == TokenBucket.REFUSED) {
                return Outcome.REFUSED;
            }
            if (state.compareAndSet(current, next)) {
                return Outcome.TAKEN;
            }
        }
    }

    /** The addresses tracked now. */
    public int addresses() {
        return buckets.size();
    }

    /** A new address's bucket, one token taken; {@code null} when another thread added one first. */
    private Outcome addBucket(InetAddress address, long nowNanos) {
        if (buckets.size() >= SWEEP_FROM) {
            sweep(nowNanos);
            if (buckets.size() >= maxAddresses) {
                return Outcome.UNTRACKED;
            }
        }
        long first = bucket.take(bucket.full(nowNanos), nowNanos);
        return buckets.putIfAbsent(address, new AtomicLong(first)) == null ? Outcome.TAKEN : null;
    }

    /**
     * Removes the buckets that are full again, at most once a second (a full table of live buckets must not
     * turn every handshake into a sweep).
     */
    void sweep(long nowNanos) {
        if (nowNanos - lastSweep < SWEEP_EVERY_NANOS || !sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            lastSweep = nowNanos;
            for (Map.Entry<InetAddress, AtomicLong> entry : buckets.entrySet()) {
                AtomicLong state = entry.getValue();
                long current = state.get();
                if (current != SWEPT && bucket.isFull(current, nowNanos) && state.compareAndSet(current, SWEPT)) {
                    buckets.remove(entry.getKey(), state);
                }
            }
        } finally {
            sweeping.set(false);
        }
    }
}
