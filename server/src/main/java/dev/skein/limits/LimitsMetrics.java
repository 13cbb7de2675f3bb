package dev.skein.limits;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * The abuse limits' meters, created up front so that counting is one increment: {@code
 * skein_limits_rejected_total{limit}} for each refusal, {@code skein_limits_closed_total{limit}} for each
 * connection closed for flooding, {@code skein_limits_untracked_total} for handshakes let through without a
 * rate bucket because the table was full. Thread-safe.
 */
public final class LimitsMetrics {
    /** The limits, named as in the {@code limit} tag. */
    public enum Limit {
        CONNECTIONS_PER_IP,
        HANDSHAKES_PER_IP,
        EVENTS_PER_SECOND,
        NAMESPACES_PER_CONNECTION,
        ROOMS_PER_SOCKET,
        PAYLOAD_BYTES,
        DECOMPRESSED_BYTES;

        /** The tag value: {@code connections_per_ip}, ... */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Map<Limit, Counter> rejected = new EnumMap<>(Limit.class);
    private final Counter floodsClosed;
    private final Counter untracked;

    public LimitsMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Limit limit : Limit.values()) {
            rejected.put(
                    limit,
                    Counter.builder("skein.limits.rejected")
                            .description("requests, packets or calls refused by an abuse limit")
                            .tag("limit", limit.tag())
                            .register(registry));
        }
        floodsClosed = Counter.builder("skein.limits.closed")
                .description("connections disconnected for staying over a limit")
                .tag("limit", Limit.EVENTS_PER_SECOND.tag())
                .register(registry);
        untracked = Counter.builder("skein.limits.untracked")
                .description("handshakes let through without a rate bucket: the per-address table was full")
                .register(registry);
    }

    /** Counts one refusal by {@code limit}. */
    public void rejected(Limit limit) {
        rejected.get(limit).increment();
    }

    /** Counts a connection disconnected for flooding events. */
    public void floodClosed() {
        floodsClosed.increment();
    }

    void untracked() {
        untracked.increment();
    }

    /** Publishes {@code value} as {@code skein_limits_tracked_addresses{table}}. */
    void trackedAddresses(String table, java.util.function.Supplier<Number> value) {
        io.micrometer.core.instrument.Gauge.builder("skein.limits.tracked.addresses", value)
                .description("client addresses in a per-address table")
                .tag("table", table)
                .register(registry);
    }
}
