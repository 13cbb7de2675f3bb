package dev.skein.routing;

import dev.skein.config.RoutesConfig;
import dev.skein.routing.config.DnsSpec;
import dev.skein.routing.config.HookSpec;
import dev.skein.routing.config.Protocol;
import dev.skein.routing.config.RouteSpec;
import dev.skein.routing.config.RoutesFile;
import dev.skein.routing.config.RoutesSpec;
import dev.skein.routing.config.ServiceSpec;
import dev.skein.routing.discovery.DnsDiscovery;
import dev.skein.routing.discovery.Instances;
import dev.skein.routing.http.HttpBackend;
import dev.skein.routing.ws.WsChannels;
import dev.skein.socket.Namespaces;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backend routing of one node (docs/routing.md): reads the routes file when created (a bad one stops the node
 * with one line per error), and once started sends the events no handler takes to services over HTTP or
 * WebSocket, runs the lifecycle hooks, and finds instances. {@link #close()} closes every backend connection and
 * channel. Thread-safe.
 */
public final class Routing implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Routing.class);

    private final RoutesSpec spec;
    private final String nodeId;
    private final int maxPayloadBytes;
    private final RoutingMetrics metrics;
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final List<DnsDiscovery> discoveries = new ArrayList<>();
    private Outbound outbound;
    private boolean closed;

    private Routing(RoutesSpec spec, String nodeId, int maxPayloadBytes, MeterRegistry registry) {
        this.spec = spec;
        this.nodeId = nodeId;
        this.maxPayloadBytes = maxPayloadBytes;
        this.metrics = new RoutingMetrics(registry);
    }

    /**
     * Reads the routes file of {@code config}.
     *
     * @param maxPayloadBytes the largest answer or frame taken from a service
     * @throws dev.skein.config.ConfigException listing every error of the file, one line each
     */
    public static Routing create(RoutesConfig config, String nodeId, int maxPayloadBytes, MeterRegistry registry) {
        return new Routing(RoutesFile.read(config.file()), nodeId, maxPayloadBytes, registry);
    }

    /**
     * Starts: connects nothing yet (connections open on first use), resolves DNS services (waiting up to their
     * connect timeout for a first answer), and takes the events no handler takes and every CONNECT of {@code
     * namespaces}. Logs one line per route.
     */
    public synchronized void start(Namespaces namespaces) {
        outbound = new Outbound(Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())));
        BackendMessages messages = new BackendMessages(nodeId);
        spec.services().values().forEach(service -> services.put(service.name(), service(service, messages)));
        List<Route> routes = spec.routes().stream().map(Route::new).toList();
        namespaces.unhandled(new EventRouter(routes, services, metrics));
        if (spec.connect() != null || spec.disconnect() != null) {
            namespaces.guard(new LifecycleHooks(
                    hook("connect", spec.connect()), hook("disconnect", spec.disconnect()), messages, metrics));
        }
        routes.forEach(route -> log.info("Route {}", describe(route.spec())));
        describeHooks();
    }

    private Service service(ServiceSpec service, BackendMessages messages) {
        HttpBackend[] http = new HttpBackend[1];
        WsChannels[] channels = new WsChannels[1];
        Instances instances = new Instances(service.name(), service.setAside(), System::nanoTime, removed -> {
            if (http[0] != null) {
                http[0].remove(removed);
            }
            if (channels[0] != null) {
                channels[0].removed(removed);
            }
        });
        if (service.dns() == null) {
            instances.replace(service.instances());
        } else {
            discover(service.dns(), instances, service);
        }
        if (service.protocol() == Protocol.HTTP) {
            http[0] = new HttpBackend(service, outbound, maxPayloadBytes);
            return new HttpService(service, instances, metrics, http[0], messages);
        }
        channels[0] = new WsChannels(service, instances, outbound, maxPayloadBytes, metrics);
        return new WsService(service, instances, metrics, channels[0], messages);
    }

    private void discover(DnsSpec dns, Instances instances, ServiceSpec service) {
        DnsDiscovery discovery =
                new DnsDiscovery(dns, instances, outbound.group().next());
        discoveries.add(discovery);
        try {
            discovery.start().get(service.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn(
                    "Service {}: no DNS answer for {} yet; its events fail until one comes",
                    service.name(),
                    dns.name());
        }
    }

    private LifecycleHooks.Hook hook(String kind, HookSpec hook) {
        if (hook == null) {
            return null;
        }
        RouteSpec asRoute = new RouteSpec(
                "hook:" + kind,
                null,
                (n, e, a) -> null,
                false,
                hook.service(),
                hook.timeout(),
                RoutesFile.DEFAULT_MAX_IN_FLIGHT,
                0);
        return new LifecycleHooks.Hook(hook, (HttpService) services.get(hook.service()), new Route(asRoute));
    }

    private String describe(RouteSpec route) {
        String target = route.service() == null ? "the service the event names" : route.service();
        Service service = route.service() == null ? null : services.get(route.service());
        String reach = service == null ? "" : " (" + reach(service.spec) + ")";
        return route.name() + " on " + (route.namespace() == null ? "every namespace" : route.namespace()) + ": "
                + route.matcher() + " -> " + target + reach + ", timeout "
                + route.timeout().toMillis() + " ms, "
                + route.maxInFlight() + " in flight";
    }

    private static String reach(ServiceSpec service) {
        String protocol = service.protocol() == Protocol.HTTP ? "http" : "websocket";
        return service.dns() == null
                ? protocol + " " + service.instances()
                : protocol + " dns " + service.dns().name() + ":"
                        + service.dns().port() + " every "
                        + service.dns().refresh().toMillis() + " ms";
    }

    private void describeHooks() {
        for (HookSpec hook : new HookSpec[] {spec.connect(), spec.disconnect()}) {
            if (hook != null) {
                Set<String> namespaces = hook.namespaces();
                log.info(
                        "Hook {} -> {} ({}) on {}",
                        hook == spec.connect() ? "connect" : "disconnect",
                        hook.service(),
                        reach(spec.services().get(hook.service())),
                        namespaces.isEmpty() ? "every namespace" : namespaces);
            }
        }
    }

    /** The routes file as read. */
    public RoutesSpec spec() {
        return spec;
    }

    /** Closes every backend connection and channel, and the routing event loops. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        discoveries.forEach(DnsDiscovery::close);
        services.values().forEach(Service::close);
        if (outbound != null) {
            outbound.close();
        }
    }
}
