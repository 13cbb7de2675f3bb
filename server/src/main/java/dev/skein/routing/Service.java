package dev.skein.routing;

import dev.skein.routing.config.ServiceSpec;
import dev.skein.routing.discovery.Instances;
import dev.skein.socket.Ack;
import dev.skein.socket.Args;
import dev.skein.socket.Socket;

/** A backend service at run time: its instances and how events reach them. Thread-safe. */
abstract class Service implements AutoCloseable {
    final ServiceSpec spec;
    final Instances instances;
    final RoutingMetrics metrics;

    Service(ServiceSpec spec, Instances instances, RoutingMetrics metrics) {
        this.spec = spec;
        this.instances = instances;
        this.metrics = metrics;
    }

    String name() {
        return spec.name();
    }

    /**
     * Sends one event of {@code socket} that {@code route} took; answers {@code ack} when the outcome is known.
     * Called on the socket's event loop: must not block.
     */
    abstract void forward(Route route, Socket socket, String event, Args args, Ack ack);

    /** Tells the client why its event failed, and counts it. */
    void fail(Route route, String instance, RouteFailure failure, Ack ack) {
        metrics.error(route.name(), name(), instance, failure.reason());
        ack.send(BackendMessages.error(failure.reason()));
    }

    @Override
    public abstract void close();
}
