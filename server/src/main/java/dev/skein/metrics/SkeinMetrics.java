package dev.skein.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.Supplier;

/**
 * The meters of one Skein node. Thread-safe. Counters are created up front so that the hot paths only
 * increment; tagged ones ({@code reason}) are looked up per event, which happens only on errors.
 */
public final class SkeinMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final Counter eventsIn = registry.counter("skein.events.in");
    /** Events and bytes sent: the sum of every thread's tally and of what was counted directly. */
    private final java.util.List<OutboundTally> tallies = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final java.util.concurrent.atomic.LongAdder eventsOutDirect = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder bytesOutDirect = new java.util.concurrent.atomic.LongAdder();
    private final Counter bytesIn = registry.counter("skein.bytes.in");
    private final Counter droppedVolatile = registry.counter("skein.packets.dropped.volatile");
    private final Counter slowClientsDisconnected = registry.counter("skein.clients.disconnected.slow");
    private final Counter clusterPublishFailures = registry.counter("skein.cluster.publish.failures");
    private final Counter clusterPublishesDropped = registry.counter("skein.cluster.publishes.dropped");
    private final Counter clusterMessagesDropped = registry.counter("skein.cluster.messages.skipped");
    /** Push counters by channel and outcome, so that a push costs one map lookup, not a meter id. */
    private final java.util.concurrent.ConcurrentHashMap<String, Counter> pushCounters =
            new java.util.concurrent.ConcurrentHashMap<>();

    public SkeinMetrics() {
        FunctionCounter.builder("skein.events.out", this, SkeinMetrics::eventsOutTotal)
                .description("events sent to clients")
                .register(registry);
        FunctionCounter.builder("skein.bytes.out", this, SkeinMetrics::bytesOutTotal)
                .description("bytes sent to clients")
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** The registry, for applications that add their own meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    public void eventIn() {
        eventsIn.increment();
    }

    public void eventsOut(int count) {
        eventsOutDirect.add(count);
    }

    /**
     * A tally for one thread's outbound counts (an event loop's): its events and bytes join {@code
     * skein.events.out} and {@code skein.bytes.out}.
     */
    public OutboundTally newOutboundTally() {
        OutboundTally tally = new OutboundTally();
        tallies.add(tally);
        return tally;
    }

    private double eventsOutTotal() {
        long total = eventsOutDirect.sum();
        for (OutboundTally tally : tallies) {
            total += tally.events();
        }
        return total;
    }

    private double bytesOutTotal() {
        long total = bytesOutDirect.sum();
        for (OutboundTally tally : tallies) {
            total += tally.bytes();
        }
        return total;
    }

    public void bytesIn(long bytes) {
        bytesIn.increment(bytes);
    }

    public void bytesOut(long bytes) {
        bytesOutDirect.add(bytes);
    }

    public void volatileDropped() {
        droppedVolatile.increment();
    }

    /** {@code count} publishes to the cluster's Redis failed (Redis slow or gone); local delivery went on. */
    public void clusterPublishesFailed(int count) {
        clusterPublishFailures.increment(count);
    }

    /** A publish to the cluster's Redis was dropped: too many already waited for Redis. */
    public void clusterPublishDropped() {
        clusterPublishesDropped.increment();
    }

    /**
     * A push from outside the cluster's nodes: a JSON message on the push channel, or an official
     * emitter's message on the adapter's channels; {@code outcome} is {@code accepted} or {@code rejected}.
     */
    public void pushReceived(String channel, String outcome) {
        pushCounters
                .computeIfAbsent(
                        channel + '\n' + outcome,
                        key -> registry.counter("skein.push.messages", "channel", channel, "outcome", outcome))
                .increment();
    }

    /** A cluster broadcast for a room without a local member, dropped before decoding. */
    public void clusterMessageSkipped() {
        clusterMessagesDropped.increment();
    }

    /** A cluster message that could not be decoded. */
    public void clusterMessageMalformed() {
        registry.counter("skein.packets.rejected", "reason", "malformed cluster message")
                .increment();
    }

    public void slowClientDisconnected() {
        slowClientsDisconnected.increment();
    }

    /** A handshake refused: bad protocol version, unknown session, disallowed origin, draining, ... */
    public void handshakeError(String reason) {
        registry.counter("skein.handshake.errors", "reason", reason).increment();
    }

    /** An inbound packet refused as malformed or oversized; its connection was closed. */
    public void packetRejected(String reason) {
        registry.counter("skein.packets.rejected", "reason", reason).increment();
    }

    /** Publishes a gauge read from {@code value} at each scrape. */
    public void gauge(String name, String description, Supplier<Number> value, String... tags) {
        Gauge.builder(name, value).description(description).tags(tags).register(registry);
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
