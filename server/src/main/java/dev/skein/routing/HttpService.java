package dev.skein.routing;

import dev.skein.routing.config.ServiceSpec;
import dev.skein.routing.discovery.Instance;
import dev.skein.routing.discovery.Instances;
import dev.skein.routing.http.HttpAnswer;
import dev.skein.routing.http.HttpBackend;
import dev.skein.socket.Ack;
import dev.skein.socket.Args;
import dev.skein.socket.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A service reached over HTTP: one POST per event; the 2xx JSON answer's actions are applied and its {@code ack}
 * acknowledges the event. A call that cannot connect is made once more to another instance (nothing was sent);
 * any other failure acknowledges {@code {"error": reason}}. Thread-safe.
 */
final class HttpService extends Service {
    private final HttpBackend http;
    private final BackendMessages messages;

    HttpService(
            ServiceSpec spec, Instances instances, RoutingMetrics metrics, HttpBackend http, BackendMessages messages) {
        super(spec, instances, metrics);
        this.http = http;
        this.messages = messages;
    }

    HttpBackend http() {
        return http;
    }

    @Override
    void forward(Route route, Socket socket, String event, Args args, Ack ack) {
        if (!route.tryBegin()) {
            fail(route, RoutingMetrics.NO_INSTANCE, RouteFailure.of(RouteFailure.BUSY), ack);
            return;
        }
        byte[] body;
        try {
            body = messages.event(socket, event, args);
        } catch (RouteFailure failure) {
            route.end();
            fail(route, RoutingMetrics.NO_INSTANCE, failure, ack);
            return;
        }
        long began = System.nanoTime();
        call(route, body, route.timeout(), 1).whenComplete((result, error) -> {
            route.end();
            socket.executor().execute(() -> finish(route, socket, ack, result, error, began));
        });
    }

    /**
     * POSTs {@code body} to the instance of choice; when it does not connect, once more to another.
     *
     * @param retries how many more instances to try after a failed connect
     */
    CompletableFuture<Called> call(Route route, byte[] body, Duration timeout, int retries) {
        Instance instance = instances.choose();
        if (instance == null) {
            return CompletableFuture.failedFuture(
                    new Failed(RoutingMetrics.NO_INSTANCE, RouteFailure.of(RouteFailure.UNAVAILABLE)));
        }
        metrics.request(route.name(), name(), instance.label());
        long began = System.nanoTime();
        return http.post(instances, instance, body, timeout)
                .handle((answer, error) -> {
                    if (error == null) {
                        return CompletableFuture.completedFuture(new Called(instance.label(), answer));
                    }
                    RouteFailure failure = RouteFailure.from(error);
                    Duration left = timeout.minusNanos(System.nanoTime() - began);
                    if (retries > 0
                            && RouteFailure.UNAVAILABLE.equals(failure.reason())
                            && !left.isNegative()
                            && instances.all().size() > 1) {
                        metrics.error(route.name(), name(), instance.label(), failure.reason());
                        return call(route, body, left, retries - 1);
                    }
                    return CompletableFuture.<Called>failedFuture(new Failed(instance.label(), failure));
                })
                .thenCompose(next -> next);
    }

    private void finish(Route route, Socket socket, Ack ack, Called called, Throwable error, long began) {
        if (error != null) {
            Failed failed = error instanceof Failed f ? f : error.getCause() instanceof Failed f ? f : null;
            fail(
                    route,
                    failed == null ? RoutingMetrics.NO_INSTANCE : failed.instance,
                    failed == null ? RouteFailure.from(error) : failed.failure,
                    ack);
            return;
        }
        HttpAnswer answer = called.answer();
        if (!answer.ok()) {
            fail(route, called.instance(), RouteFailure.status(answer.status()), ack);
            return;
        }
        BackendAnswer parsed;
        try {
            parsed = BackendAnswer.parse(answer.body());
        } catch (RouteFailure failure) {
            fail(route, called.instance(), failure, ack);
            return;
        }
        metrics.latency(route.name(), name(), called.instance(), System.nanoTime() - began);
        parsed.apply(socket, ack);
    }

    @Override
    public void close() {
        http.close();
    }

    /** An answer and the instance that gave it. */
    record Called(String instance, HttpAnswer answer) {}

    /** A failure and the instance it happened on. */
    static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String instance;
        final transient RouteFailure failure;

        Failed(String instance, RouteFailure failure) {
            super(failure.reason(), null, false, false);
            this.instance = instance;
            this.failure = failure;
        }
    }
}
