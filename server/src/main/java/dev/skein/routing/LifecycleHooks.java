package dev.skein.routing;

import dev.skein.routing.config.HookSpec;
import dev.skein.socket.ConnectGuard;
import dev.skein.socket.Next;
import dev.skein.socket.RoomLimitException;
import dev.skein.socket.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle hooks of the routes file: on a CONNECT to a namespace it applies to, the connect hook's service
 * is asked ({@code {"type":"connect", ...}}) and decides like an authenticator: {@code {"accept": false,
 * "message", "data"}} refuses with CONNECT_ERROR {@code {message, data}}; any other 2xx answer admits the
 * client, its {@code data} entries put in {@code socket.data()} and its {@code rooms} joined. A failed call, a
 * non-2xx answer or no answer in time refuses with {@value #UNAVAILABLE}. When a client disconnects, the
 * disconnect hook's service is told ({@code {"type":"disconnect", "reason", ...}}, its rooms still listed); its
 * answer is not waited for. Thread-safe.
 */
final class LifecycleHooks implements ConnectGuard {
    /** The CONNECT_ERROR message when the connect hook's service cannot decide. */
    static final String UNAVAILABLE = "service unavailable";

    private static final Logger log = LoggerFactory.getLogger(LifecycleHooks.class);
    /** Where the rooms a connect hook gave wait until the socket is admitted and can join them. */
    private static final String PENDING_ROOMS = "skein.route.rooms";

    private final Hook connect;
    private final Hook disconnect;
    private final BackendMessages messages;
    private final RoutingMetrics metrics;

    /** A hook: its specification, its service, and the route its calls are counted under. */
    record Hook(HookSpec spec, HttpService service, Route route) {}

    /** @param connect the connect hook, {@code null} for none; likewise {@code disconnect} */
    LifecycleHooks(Hook connect, Hook disconnect, BackendMessages messages, RoutingMetrics metrics) {
        this.connect = connect;
        this.disconnect = disconnect;
        this.messages = messages;
        this.metrics = metrics;
    }

    @Override
    public void handle(Socket socket, Next next) {
        if (connect == null || !connect.spec().appliesTo(socket.namespace().name())) {
            next.proceed();
            return;
        }
        byte[] body;
        try {
            body = messages.connect(socket);
        } catch (RouteFailure failure) {
            refuse(next, failure.reason());
            return;
        }
        connect.service()
                .call(connect.route(), body, connect.spec().timeout(), 1)
                .whenCompleteAsync((called, error) -> decide(socket, next, called, error), socket.executor());
    }

    private void decide(Socket socket, Next next, HttpService.Called called, Throwable error) {
        if (error != null || !called.answer().ok()) {
            refuse(
                    next,
                    error != null
                            ? failureOf(error)
                            : "status " + called.answer().status());
            return;
        }
        Map<String, Object> answer;
        try {
            answer = BackendMessages.object(called.answer().body());
        } catch (RouteFailure failure) {
            refuse(next, failure.reason());
            return;
        }
        if (Boolean.FALSE.equals(answer.get("accept"))) {
            metrics.hook("connect", "rejected");
            Object message = answer.get("message");
            next.reject(message instanceof String text ? text : "refused", answer.get("data"));
            return;
        }
        if (answer.get("data") instanceof Map<?, ?> data) {
            data.forEach((key, value) -> {
                if (key != null && value != null) {
                    socket.data().put(key.toString(), value);
                }
            });
        }
        if (answer.get("rooms") instanceof List<?> rooms && !rooms.isEmpty()) {
            List<String> names = new ArrayList<>();
            rooms.forEach(room -> names.add(String.valueOf(room)));
            socket.data().put(PENDING_ROOMS, names);
        }
        metrics.hook("connect", "accepted");
        next.proceed();
    }

    private void refuse(Next next, String reason) {
        metrics.hook("connect", "failed");
        log.debug("Connect hook could not decide: {}", reason);
        next.reject(UNAVAILABLE, Map.of("reason", reason));
    }

    private static String failureOf(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause()
                : error;
        return cause instanceof HttpService.Failed failed
                ? failed.failure.reason()
                : RouteFailure.from(cause).reason();
    }

    @Override
    public void admitted(Socket socket) {
        if (socket.data().remove(PENDING_ROOMS) instanceof List<?> rooms) {
            try {
                socket.join(rooms.stream().map(String::valueOf).toArray(String[]::new));
            } catch (RoomLimitException e) {
                log.debug("Socket {} cannot join the rooms its connect hook gave: {}", socket.id(), e.getMessage());
            }
        }
        if (disconnect != null && disconnect.spec().appliesTo(socket.namespace().name())) {
            socket.onDisconnecting(reason -> tellDisconnect(socket, reason));
        }
    }

    private void tellDisconnect(Socket socket, String reason) {
        List<String> rooms = new ArrayList<>(socket.rooms());
        java.util.Collections.sort(rooms);
        byte[] body;
        try {
            body = messages.disconnect(socket, reason, rooms);
        } catch (RouteFailure failure) {
            metrics.hook("disconnect", "failed");
            return;
        }
        disconnect
                .service()
                .call(disconnect.route(), body, disconnect.spec().timeout(), 1)
                .whenComplete((called, error) -> metrics.hook(
                        "disconnect", error == null && called.answer().ok() ? "delivered" : "failed"));
    }
}
