package dev.skein.limits;

import dev.skein.config.LimitsConfig;
import java.net.InetAddress;
import java.util.function.LongSupplier;

/**
 * The per-client-address limits of new Engine.IO sessions: handshakes per second (a {@link TokenBucket}
 * per address) and sessions held at once (a {@link ConnectionQuota}). Thread-safe; consulted by every
 * event loop at each handshake, and by nothing else.
 */
public final class Admission {
    /** The most addresses the handshake-rate table tracks, about 12 MB at most. */
    static final int MAX_RATE_ADDRESSES = 100_000;

    /** What a handshake from an address gets. */
    public enum Verdict {
        /** Let in; the session holds one of its address's connections until {@link #release}. */
        ADMITTED,
        /** Too many handshakes from its address just now. */
        TOO_MANY_HANDSHAKES,
        /** Its address holds {@code maxConnectionsPerIp} sessions already. */
        TOO_MANY_CONNECTIONS
    }

    private final AddressRateLimiter handshakes;
    private final ConnectionQuota connections;
    private final LimitsMetrics metrics;
    private final LongSupplier clock;

    public Admission(LimitsConfig config, LimitsMetrics metrics, LongSupplier clock) {
        this.clock = clock;
        this.metrics = metrics;
        this.handshakes = config.handshakesPerSecondPerIp() == 0
                ? null
                : new AddressRateLimiter(
                        new TokenBucket(config.handshakesPerSecondPerIp(), config.handshakeBurstPerIp()),
                        MAX_RATE_ADDRESSES,
                        clock.getAsLong());
        this.connections = config.maxConnectionsPerIp() == 0 ? null : new ConnectionQuota(config.maxConnectionsPerIp());
        metrics.trackedAddresses("handshakes", () -> handshakes == null ? 0 : handshakes.addresses());
        metrics.trackedAddresses("connections", () -> connections == null ? 0 : connections.addresses());
    }

    /**
     * Decides a handshake from {@code key} (a {@link ClientAddresses#limitKey}), counting a refusal. When
     * {@link Verdict#ADMITTED} and {@link #holdsConnections()}, the caller must {@link #release} once.
     */
    public Verdict admit(InetAddress key) {
        if (handshakes != null) {
            AddressRateLimiter.Outcome taken = handshakes.take(key, clock.getAsLong());
            if (taken == AddressRateLimiter.Outcome.REFUSED) {
                metrics.rejected(LimitsMetrics.Limit.HANDSHAKES_PER_IP);
                return Verdict.TOO_MANY_HANDSHAKES;
            }
            if (taken == AddressRateLimiter.Outcome.UNTRACKED) {
                metrics.untracked();
            }
        }
        if (connections != null && !connections.acquire(key)) {
            metrics.rejected(LimitsMetrics.Limit.CONNECTIONS_PER_IP);
            return Verdict.TOO_MANY_CONNECTIONS;
        }
        return Verdict.ADMITTED;
    }

    /** Whether an admitted session holds a connection of its address ({@code maxConnectionsPerIp} is on). */
    public boolean holdsConnections() {
        return connections != null;
    }

    /** A session admitted from {@code key} ended. */
    public void release(InetAddress key) {
        if (connections != null) {
            connections.release(key);
        }
    }
}
