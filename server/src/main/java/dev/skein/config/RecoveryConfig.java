package dev.skein.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Connection state recovery (the official server's {@code connectionStateRecovery}, docs/recovery.md),
 * validated when built. Immutable. Off by default: {@code maxDisconnection} zero.
 *
 * @param maxDisconnection how long a disconnected socket's session (id, rooms, data) and the packets it missed
 *     stay recoverable; {@link Duration#ZERO} turns recovery off (the default); the official default when on is
 *     {@value #OFFICIAL_MAX_DISCONNECTION_MILLIS} ms
 * @param skipMiddlewares whether a recovered socket skips the connect middleware and guards (authentication
 *     included: its claims come back with its data, and their expiry is enforced again), default true like
 *     the official server
 * @param maxPackets how many recoverable packets each namespace keeps for recovery (in memory, or in its
 *     Redis stream), default {@value #DEFAULT_MAX_PACKETS}; a client that missed more is not recovered
 */
public record RecoveryConfig(Duration maxDisconnection, boolean skipMiddlewares, int maxPackets) {
    public static final long OFFICIAL_MAX_DISCONNECTION_MILLIS = 120_000;
    public static final int DEFAULT_MAX_PACKETS = 10_000;
    static final long MAX_DISCONNECTION_LIMIT_MILLIS = 24L * 3_600_000;
    static final int MAX_PACKETS_LIMIT = 10_000_000;

    public RecoveryConfig {
        Objects.requireNonNull(maxDisconnection, "maxDisconnection");
        if (maxDisconnection.isNegative() || maxDisconnection.toMillis() > MAX_DISCONNECTION_LIMIT_MILLIS) {
            throw ConfigException.invalid(
                    "recoveryMaxDisconnection",
                    maxDisconnection.toMillis() + " ms",
                    "0.." + MAX_DISCONNECTION_LIMIT_MILLIS + " ms (0: recovery off)");
        }
        if (maxPackets < 1 || maxPackets > MAX_PACKETS_LIMIT) {
            throw ConfigException.invalid("recoveryMaxPackets", maxPackets, "1.." + MAX_PACKETS_LIMIT);
        }
    }

    /** Recovery off: the default. */
    public static RecoveryConfig off() {
        return builder().build();
    }

    /** Whether sessions are recoverable at all. */
    public boolean enabled() {
        return !maxDisconnection.isZero();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds a {@link RecoveryConfig}; not thread-safe. */
    public static final class Builder {
        private Duration maxDisconnection = Duration.ZERO;
        private boolean skipMiddlewares = true;
        private int maxPackets = DEFAULT_MAX_PACKETS;

        private Builder() {}

        private Builder(RecoveryConfig c) {
            maxDisconnection = c.maxDisconnection;
            skipMiddlewares = c.skipMiddlewares;
            maxPackets = c.maxPackets;
        }

        /** How long a session stays recoverable; {@link Duration#ZERO} turns recovery off. */
        public Builder maxDisconnection(Duration maxDisconnection) {
            this.maxDisconnection = maxDisconnection;
            return this;
        }

        /** Whether a recovered socket skips the connect middleware and guards. */
        public Builder skipMiddlewares(boolean skipMiddlewares) {
            this.skipMiddlewares = skipMiddlewares;
            return this;
        }

        /** How many recoverable packets each namespace keeps. */
        public Builder maxPackets(int maxPackets) {
            this.maxPackets = maxPackets;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws ConfigException naming the first field that is out of range
         */
        public RecoveryConfig build() {
            return new RecoveryConfig(maxDisconnection, skipMiddlewares, maxPackets);
        }
    }
}
