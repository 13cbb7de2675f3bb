package dev.skein.recovery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Connection state recovery's meters, created up front so that counting is one increment. Thread-safe.
 *
 * <ul>
 *   <li>{@code skein_recovery_restores_total{outcome}}: each CONNECT that offered a private session id;
 *   <li>{@code skein_recovery_replayed_packets_total}: missed packets sent to recovered sockets;
 *   <li>{@code skein_recovery_sessions_kept_total}: sessions kept at a disconnection that keeps them;
 *   <li>{@code skein_recovery_unrecorded_total}: recoverable emits delivered without an offset (a cluster node
 *       whose stream write failed or that is not reading its stream yet): not recoverable;
 *   <li>{@code skein_recovery_gaps_total}: restores on a node alone that found some of the missed packets
 *       already gone from the history (emitted while a slow middleware ran: the client misses them);
 *   <li>{@code skein_recovery_session_write_failures_total}: session writes to Redis that failed;
 *   <li>gauges {@code skein_recovery_sessions} (sessions kept in memory, disconnected) and {@code
 *       skein_recovery_history_packets} (packets kept in memory), on a node alone.
 * </ul>
 */
public final class RecoveryMetrics {
    /** How a CONNECT with a private session id ended, as the {@code outcome} tag says it. */
    public enum Outcome {
        /** Restored: same id, rooms, data, and the missed packets. */
        RECOVERED,
        /** No such session: never existed, expired, already restored, or of another namespace. */
        UNKNOWN,
        /** The client's offset is older than the history kept: what it missed is no longer known. */
        GONE,
        /** A malformed private session id or offset, or an offset this session never received. */
        INVALID,
        /** Redis could not be asked. */
        FAILED,
        /** The client left before its recovered socket could be admitted; the session was kept again. */
        ABANDONED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Map<Outcome, Counter> restores = new EnumMap<>(Outcome.class);
    private final Counter replayed;
    private final Counter kept;
    private final Counter unrecorded;
    private final Counter gaps;
    private final Counter writeFailures;

    public RecoveryMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Outcome outcome : Outcome.values()) {
            restores.put(
                    outcome,
                    Counter.builder("skein.recovery.restores")
                            .description("CONNECTs that asked to recover a session, by outcome")
                            .tag("outcome", outcome.tag())
                            .register(registry));
        }
        replayed = counter("skein.recovery.replayed.packets", "missed packets sent to recovered sockets");
        kept = counter("skein.recovery.sessions.kept", "sessions kept at a disconnection, to be recovered");
        unrecorded =
                counter("skein.recovery.unrecorded", "recoverable emits delivered without an offset (not recoverable)");
        gaps = counter("skein.recovery.gaps", "restores that found some missed packets gone from the history");
        writeFailures = counter("skein.recovery.session.write.failures", "session writes to Redis that failed");
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    void restore(Outcome outcome) {
        restores.get(outcome).increment();
    }

    void replayed(int packets) {
        replayed.increment(packets);
    }

    void kept() {
        kept.increment();
    }

    void unrecorded() {
        unrecorded.increment();
    }

    void gap() {
        gaps.increment();
    }

    void writeFailed() {
        writeFailures.increment();
    }

    void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }
}
