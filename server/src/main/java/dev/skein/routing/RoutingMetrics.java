package dev.skein.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The meters of backend routing, per route, service and instance (each a small, fixed set from the routes
 * file and discovery): calls made ({@code skein_route_requests_total}), their latency ({@code
 * skein_route_latency_seconds}), failures by reason ({@code skein_route_errors_total}), events no route took
 * ({@code skein_route_unrouted_total}), WebSocket channels open ({@code skein_route_channels_open}), frames
 * pushed by services to clients ({@code skein_route_pushes_total}) and those refused, and hook calls by outcome
 * ({@code skein_route_hooks_total}). Meters are found once per tag set, then only incremented. Thread-safe.
 */
public final class RoutingMetrics {
    /** The instance tag of a failure before any instance was chosen. */
    public static final String NO_INSTANCE = "none";

    private final MeterRegistry registry;
    private final Counter unrouted;
    private final ConcurrentHashMap<Key, Timer> latencies = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, Counter> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, Counter> errors = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, Counter> others = new ConcurrentHashMap<>();

    public RoutingMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.unrouted = Counter.builder("skein.route.unrouted")
                .description("events that no handler and no route took")
                .register(registry);
    }

    public void unrouted() {
        unrouted.increment();
    }

    /** A call (HTTP) or frame (WebSocket) of {@code route} to {@code instance} of {@code service}. */
    public void request(String route, String service, String instance) {
        requests.computeIfAbsent(new Key(route, service, instance, ""), k -> Counter.builder("skein.route.requests")
                        .description("events sent to services")
                        .tags("route", k.a(), "service", k.b(), "instance", k.c())
                        .register(registry))
                .increment();
    }

    /** How long a successful call took, from the event to the answer. */
    public void latency(String route, String service, String instance, long nanos) {
        latencies
                .computeIfAbsent(new Key(route, service, instance, ""), k -> Timer.builder("skein.route.latency")
                        .description("time from a routed event to its service's answer (HTTP) or write (WebSocket)")
                        .tags("route", k.a(), "service", k.b(), "instance", k.c())
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A failed call; {@code instance} is {@link #NO_INSTANCE} when none was chosen. */
    public void error(String route, String service, String instance, String reason) {
        errors.computeIfAbsent(new Key(route, service, instance, reason), k -> Counter.builder("skein.route.errors")
                        .description("routed events that failed, by reason (the client's ack says the same)")
                        .tags("route", k.a(), "service", k.b(), "instance", k.c(), "reason", k.d())
                        .register(registry))
                .increment();
    }

    /** A frame a service pushed to a client ({@code outcome} {@code delivered}) or that was refused. */
    public void push(String service, String outcome) {
        other(
                "skein.route.pushes",
                "frames services sent on channels, by outcome",
                "service",
                service,
                "outcome",
                outcome);
    }

    /** A hook call ({@code connect}, {@code disconnect}) and its outcome. */
    public void hook(String hook, String outcome) {
        other("skein.route.hooks", "lifecycle hook calls, by outcome", "hook", hook, "outcome", outcome);
    }

    /** Registers the gauge of the channels open to {@code instance} of {@code service}. */
    public void channels(String service, String instance, Supplier<Number> open) {
        Gauge.builder("skein.route.channels.open", open)
                .description("WebSocket channels open to a service's instance")
                .tags("service", service, "instance", instance)
                .register(registry);
    }

    /** Drops the gauge of an instance discovery no longer lists. */
    public void forgetChannels(String service, String instance) {
        Gauge gauge = registry.find("skein.route.channels.open")
                .tags("service", service, "instance", instance)
                .gauge();
        if (gauge != null) {
            registry.remove(gauge);
        }
    }

    private void other(String name, String description, String tag1, String value1, String tag2, String value2) {
        others.computeIfAbsent(new Key(name, tag1 + "=" + value1, tag2, value2), k -> Counter.builder(name)
                        .description(description)
                        .tags(tag1, value1, tag2, value2)
                        .register(registry))
                .increment();
    }

    private record Key(String a, String b, String c, String d) {}
}
