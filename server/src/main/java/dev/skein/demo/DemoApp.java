package dev.skein.demo;

import dev.skein.auth.RoomAuthorizer;
import dev.skein.socket.Ack;
import dev.skein.socket.Args;
import dev.skein.socket.Namespace;
import dev.skein.socket.RoomLimitException;
import dev.skein.socket.Socket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The classic Flask-SocketIO example's events on namespace {@code "/"}:
 *
 * <ul>
 *   <li>{@code my_event {data}}: {@code my_response} to the sender;
 *   <li>{@code my_broadcast_event {data}}: {@code my_response} to everyone;
 *   <li>{@code join {room}}, {@code leave {room}}: membership, answered with the sender's rooms (a join past
 *       {@code SKEIN_MAX_ROOMS_PER_SOCKET} is answered with {@code my_error});
 *   <li>{@code my_room_event {room, data}}: {@code my_response} to that room;
 *   <li>{@code close_room {room}}: a notice to the room, then the room is emptied;
 *   <li>{@code disconnect_request}: the server disconnects the sender;
 *   <li>{@code my_ping}: {@code my_pong}, for latency.
 * </ul>
 *
 * Each reply carries the sender's event count and the node id; each connection is greeted with {@code
 * my_response {data: "Connected"}}. Every event is acknowledged when the client asks. Bad input is
 * answered with {@code my_error {message}}, and so is a room the {@link RoomAuthorizer} refuses to {@code
 * join}, {@code my_room_event} or {@code close_room} (the acknowledgement then carries the same {@code
 * {message}}).
 */
public final class DemoApp {
    static final String COUNT = "demo.count";

    private final Namespace namespace;
    private final String nodeId;
    private final RoomAuthorizer rooms;

    private DemoApp(Namespace namespace, String nodeId, RoomAuthorizer rooms) {
        this.namespace = namespace;
        this.nodeId = nodeId;
        this.rooms = rooms;
    }

    /**
     * Installs the demo's handlers on a server's main namespace, {@code "/"}, of node {@code nodeId}; clients
     * may name any room.
     */
    public static void install(Namespace main, String nodeId) {
        install(main, nodeId, RoomAuthorizer.ALLOW_ALL);
    }

    /**
     * Installs the demo's handlers; {@code rooms} decides which rooms a client may join, talk to or close
     * (a node passes its {@code SkeinServer.roomAuthorizer()}).
     */
    public static void install(Namespace main, String nodeId, RoomAuthorizer rooms) {
        DemoApp app = new DemoApp(main, nodeId, rooms);
        main.onConnection(app::onConnection);
    }

    private void onConnection(Socket socket) {
        // a recovered socket's count came back with its data (on another node, as a plain number)
        Object count = socket.data().get(COUNT);
        socket.data().put(COUNT, new AtomicInteger(count instanceof Number n ? n.intValue() : 0));
        socket.emit("my_response", reply(socket, "Connected", false));
        socket.on("my_event", (args, ack) -> answer(socket, ack, "my_response", reply(socket, data(args), true)));
        socket.on("my_broadcast_event", (args, ack) -> {
            namespace.emit("my_response", reply(socket, data(args), true));
            ack(socket, ack);
        });
        socket.on("join", (args, ack) -> join(socket, args, ack));
        socket.on("leave", (args, ack) -> leave(socket, args, ack));
        socket.on("my_room_event", (args, ack) -> roomEvent(socket, args, ack));
        socket.on("close_room", (args, ack) -> closeRoom(socket, args, ack));
        socket.on("disconnect_request", (args, ack) -> {
            answer(socket, ack, "my_response", reply(socket, "Disconnected!", true));
            socket.disconnect();
        });
        socket.on("my_ping", (args, ack) -> answer(socket, ack, "my_pong", Map.of("node", nodeId)));
    }

    private void join(Socket socket, Args args, Ack ack) {
        String room = permittedRoom(socket, args, ack);
        if (room == null) {
            return;
        }
        try {
            socket.join(room);
        } catch (RoomLimitException e) {
            reject(socket, ack, "too many rooms: at most " + e.limit());
            return;
        }
        answer(socket, ack, "my_response", reply(socket, "In rooms: " + namedRooms(socket), true));
    }

    private void leave(Socket socket, Args args, Ack ack) {
        String room = DemoInput.room(args);
        if (room == null) {
            rejectRoom(socket, ack);
            return;
        }
        socket.leave(room);
        answer(socket, ack, "my_response", reply(socket, "In rooms: " + namedRooms(socket), true));
    }

    private void roomEvent(Socket socket, Args args, Ack ack) {
        String room = permittedRoom(socket, args, ack);
        if (room == null) {
            return;
        }
        Map<String, Object> message = reply(socket, data(args), true);
        message.put("room", room);
        namespace.to(room).emit("my_response", message);
        ack(socket, ack);
    }

    private void closeRoom(Socket socket, Args args, Ack ack) {
        String room = permittedRoom(socket, args, ack);
        if (room == null) {
            return;
        }
        Map<String, Object> notice = reply(socket, "Room " + room + " is closing.", true);
        notice.put("room", room);
        namespace.to(room).emit("my_response", notice);
        namespace.in(room).socketsLeave(room);
        ack(socket, ack);
    }

    private void answer(Socket socket, Ack ack, String event, Object message) {
        socket.emit(event, message);
        ack(socket, ack);
    }

    private static void ack(Socket socket, Ack ack) {
        ack.send(Map.of("count", count(socket).get()));
    }

    /** The event's room when valid and allowed; else answers {@code my_error} and returns {@code null}. */
    private String permittedRoom(Socket socket, Args args, Ack ack) {
        String room = DemoInput.room(args);
        if (room == null) {
            reject(socket, ack, DemoInput.ROOM_RULE);
            return null;
        }
        if (!rooms.allows(socket, room)) {
            reject(socket, ack, "not allowed in room " + room);
            return null;
        }
        return room;
    }

    private static void rejectRoom(Socket socket, Ack ack) {
        reject(socket, ack, DemoInput.ROOM_RULE);
    }

    /** Bad input or a refused request: {@code my_error {message}}, and the same as the acknowledgement. */
    private static void reject(Socket socket, Ack ack, String message) {
        Map<String, Object> error = Map.of("message", message);
        socket.emit("my_error", error);
        ack.send(error);
    }

    private Map<String, Object> reply(Socket socket, Object data, boolean countIt) {
        int count = countIt ? count(socket).incrementAndGet() : count(socket).get();
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("data", data);
        message.put("count", count);
        message.put("node", nodeId);
        return message;
    }

    private static Object data(Args args) {
        return DemoInput.data(args);
    }

    private static TreeSet<String> namedRooms(Socket socket) {
        TreeSet<String> rooms = new TreeSet<>(socket.rooms());
        rooms.remove(socket.id());
        return rooms;
    }

    private static AtomicInteger count(Socket socket) {
        return (AtomicInteger) socket.data().get(COUNT);
    }
}
