package dev.skein.routing;

import dev.skein.socket.Ack;
import dev.skein.socket.Namespace;
import dev.skein.socket.RoomLimitException;
import dev.skein.socket.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's 2xx answer to an event, {@code {"ack": [...], "join": [...], "leave": [...], "emit": [{"rooms",
 * "event", "args"}]}} (every key optional), checked whole before anything is applied. Immutable.
 *
 * @param ack the acknowledgement's arguments
 * @param join rooms the socket joins
 * @param leave rooms the socket leaves
 * @param emits events to rooms (every socket of the namespace when a broadcast names no room)
 */
record BackendAnswer(List<Object> ack, List<String> join, List<String> leave, List<Emit> emits) {
    private static final Logger log = LoggerFactory.getLogger(BackendAnswer.class);

    /** One broadcast an answer asks for. */
    record Emit(List<String> rooms, String event, List<Object> args) {}

    /**
     * Reads an answer's body.
     *
     * @throws RouteFailure {@value RouteFailure#BAD_ANSWER} when it is not an object of that shape
     */
    static BackendAnswer parse(byte[] body) {
        Map<String, Object> json = BackendMessages.object(body);
        List<Emit> emits = new ArrayList<>();
        for (Object item : list(json.get("emit"))) {
            if (!(item instanceof Map<?, ?> emit) || !(emit.get("event") instanceof String event)) {
                throw RouteFailure.of(RouteFailure.BAD_ANSWER);
            }
            emits.add(new Emit(strings(emit.get("rooms")), event, list(emit.get("args"))));
        }
        return new BackendAnswer(list(json.get("ack")), strings(json.get("join")), strings(json.get("leave")), emits);
    }

    /**
     * Applies the actions, then acknowledges: the client reads its ack after its rooms changed. Joins and leaves
     * are the socket's (its rooms on this node, which is where broadcasts from every node find it); broadcasts
     * go through the namespace's adapter, so they reach the rooms' sockets on every node.
     */
    void apply(Socket socket, Ack reply) {
        if (!join.isEmpty()) {
            try {
                socket.join(join.toArray(String[]::new));
            } catch (RoomLimitException e) {
                log.debug("Socket {} cannot join the rooms its service asked for: {}", socket.id(), e.getMessage());
            }
        }
        leave.forEach(socket::leave);
        Namespace namespace = socket.namespace();
        for (Emit emit : emits) {
            try {
                if (emit.rooms().isEmpty()) {
                    namespace.emit(emit.event(), emit.args().toArray());
                } else {
                    namespace
                            .to(emit.rooms().toArray(String[]::new))
                            .emit(emit.event(), emit.args().toArray());
                }
            } catch (IllegalArgumentException e) {
                log.debug("Dropped a broadcast of reserved event '{}' asked by a service", emit.event());
            }
        }
        reply.send(ack.toArray());
    }

    private static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> items) {
            return new ArrayList<>(items);
        }
        throw RouteFailure.of(RouteFailure.BAD_ANSWER);
    }

    private static List<String> strings(Object value) {
        List<String> names = new ArrayList<>();
        for (Object item : list(value)) {
            if (!(item instanceof String name) || name.isEmpty()) {
                throw RouteFailure.of(RouteFailure.BAD_ANSWER);
            }
            names.add(name);
        }
        return names;
    }
}
