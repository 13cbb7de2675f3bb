package dev.skein.limits;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many connections each client address holds, up to a maximum. Thread-safe: each address's count
 * changes under its map entry, and an address whose count drops to zero leaves the table, which so holds
 * only addresses with a live connection.
 */
public final class ConnectionQuota {
    private final int max;
    private final ConcurrentHashMap<InetAddress, AtomicInteger> counts = new ConcurrentHashMap<>();

    /** @param max connections per address, at least 1 */
    public ConnectionQuota(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max : " + max + " (expected: >= 1)");
        }
        this.max = max;
    }

    /** Counts one more connection of {@code address}; false, counting nothing, when it holds the maximum. */
    public boolean acquire(InetAddress address) {
        AtomicInteger[] refused = new AtomicInteger[1];
        counts.compute(address, (a, count) -> {
            if (count == null) {
                return new AtomicInteger(1);
            }
            if (count.get() >= max) {
                refused[0] = count;
            } else {
                count.incrementAndGet();
            }
            return count;
        });
        return refused[0] == null;
    }

    /** Counts one connection of {@code address} less; call once per successful {@link #acquire}. */
    public void release(InetAddress address) {
        counts.computeIfPresent(address, (a, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    /** The connections {@code address} holds. */
    public int count(InetAddress address) {
        AtomicInteger count = counts.get(address);
        return count == null ? 0 : count.get();
    }

    /** The addresses holding at least one connection. */
    public int addresses() {
        return counts.size();
    }
}
