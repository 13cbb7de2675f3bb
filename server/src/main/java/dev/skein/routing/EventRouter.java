package dev.skein.routing;

import dev.skein.socket.Ack;
import dev.skein.socket.Args;
import dev.skein.socket.Socket;
import dev.skein.socket.UnhandledEventHandler;
import java.util.List;
import java.util.Map;

/**
 * Routes the events no handler takes: the first route (in the file's order) that takes an event for a known
 * service sends it there; an event no route takes is acknowledged {@code {"error":"no route"}} when the client
 * asked for an acknowledgement, and counted. Runs on the socket's event loop; never blocks. Thread-safe.
 */
final class EventRouter implements UnhandledEventHandler {
    private final List<Route> routes;
    private final Map<String, Service> services;
    private final RoutingMetrics metrics;

    EventRouter(List<Route> routes, Map<String, Service> services, RoutingMetrics metrics) {
        this.routes = List.copyOf(routes);
        this.services = Map.copyOf(services);
        this.metrics = metrics;
    }

    @Override
    public void onEvent(Socket socket, String event, Args args, Ack ack) {
        String namespace = socket.namespace().name();
        for (Route route : routes) {
            String name = route.serviceFor(namespace, event, args);
            Service service = name == null ? null : services.get(name);
            if (service != null) {
                service.forward(route, socket, event, args, ack);
                return;
            }
        }
        metrics.unrouted();
        ack.send(BackendMessages.error(RouteFailure.NO_ROUTE));
    }
}
