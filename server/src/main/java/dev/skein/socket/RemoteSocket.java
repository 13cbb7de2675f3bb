package dev.skein.socket;

import dev.skein.adapter.SocketSnapshot;
import java.util.Map;
import java.util.Set;

/**
 * A socket found by {@code fetchSockets}, on this node or another: what it was when fetched, and the
 * operations that reach it wherever it is (each goes through the cluster, addressed to the socket's own
 * room, like the official {@code RemoteSocket}). Immutable; the operations are thread-safe.
 */
public final class RemoteSocket {
    private final NamespaceImpl namespace;
    private final String id;
    private final Handshake handshake;
    private final Set<String> rooms;
    private final Map<String, Object> data;

    RemoteSocket(NamespaceImpl namespace, SocketSnapshot snapshot) {
        this.namespace = namespace;
        this.id = snapshot.id();
        this.handshake = HandshakeWire.fromWire(snapshot.handshake());
        this.rooms = Set.copyOf(snapshot.rooms());
        this.data = dataOf(snapshot.data());
    }

    public String id() {
        return id;
    }

    /** The handshake; the address, headers and query as the socket's node recorded them. */
    public Handshake handshake() {
        return handshake;
    }

    /** The rooms the socket was in when fetched, its own room included. */
    public Set<String> rooms() {
        return rooms;
    }

    /**
     * The socket's application data when fetched. A copy; a non-object value (which a Node.js node may
     * hold) is under the key {@code ""}.
     */
    public Map<String, Object> data() {
        return data;
    }

    /**
     * Emits {@code event} to this socket.
     *
     * @throws IllegalArgumentException for a reserved event name
     */
    public void emit(String event, Object... args) {
        namespace.to(id).emit(event, args);
    }

    /** Makes this socket join {@code newRooms}. */
    public void join(String... newRooms) {
        namespace.in(id).socketsJoin(newRooms);
    }

    /** Makes this socket leave {@code oldRooms}. */
    public void leave(String... oldRooms) {
        namespace.in(id).socketsLeave(oldRooms);
    }

    /** Disconnects this socket; with {@code close}, closes its client's whole connection too. */
    public void disconnect(boolean close) {
        namespace.in(id).disconnectSockets(close);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dataOf(Object data) {
        if (data == null) {
            return Map.of();
        }
        if (data instanceof Map<?, ?> map) {
            return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>((Map<String, Object>) map));
        }
        return java.util.Collections.singletonMap("", data);
    }

    @Override
    public String toString() {
        return "RemoteSocket[" + namespace.name() + " " + id + "]";
    }
}
