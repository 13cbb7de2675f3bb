package dev.skein.socket;

import dev.skein.config.Transport;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** One client's connection to one namespace. Thread-safe. */
public interface Socket extends SocketEmitter {
    /** A random id, public (others may address it as a room), distinct from the Engine.IO session id. */
    String id();

    Namespace namespace();

    Handshake handshake();

    /** The transport in use now. */
    Transport transport();

    /** Whether the socket is still connected. */
    boolean connected();

    /**
     * Whether this socket was recovered after a short disconnection (connection state recovery,
     * docs/recovery.md): it has its old id, rooms and data, and got the events it missed. Like the official
     * {@code socket.recovered}.
     */
    default boolean recovered() {
        return false;
    }

    /** Application data attached to this socket, mutable and thread-safe. */
    Map<String, Object> data();

    /**
     * Runs tasks on this socket's event loop, in order with its incoming packets (at once when called there):
     * where to come back after asynchronous work, as in {@code stage.thenAcceptAsync(..., socket.executor())}.
     */
    Executor executor();

    /**
     * A new timer of this socket on its event loop's timer wheel, for {@code action}; see {@link Deadline}. The
     * action runs only while the socket is connected.
     */
    Deadline newDeadline(Runnable action);

    /** Handles {@code event} with raw arguments; several handlers for one event run in order. */
    Socket on(String event, EventHandler handler);

    /** Handles {@code event}, converting its first argument to {@code type}. */
    <T> Socket on(String event, Class<T> type, TypedEventHandler<T> handler);

    /** Runs {@code handler} with the reason when the socket disconnects, such as {@code "transport close"}. */
    Socket onDisconnect(Consumer<String> handler);

    /**
     * Runs {@code handler} with the reason when the socket is about to disconnect, while it is still in
     * its rooms (the official {@code disconnecting} event).
     */
    Socket onDisconnecting(Consumer<String> handler);

    /** Adds a middleware that sees each incoming event before its listeners; they run in order added. */
    Socket use(EventMiddleware middleware);

    /** Runs {@code handler} when a middleware rejects an incoming event of this socket. */
    Socket onError(Consumer<Rejection> handler);

    /** Receives every incoming event (after the middleware, before the event's own handlers). */
    Socket onAny(AnyEventListener listener);

    /** Receives every event sent to this client: its own emits and the broadcasts that reach it. */
    Socket onAnyOutgoing(AnyEventListener listener);

    /** The rooms this socket is in, its own room included. */
    Set<String> rooms();

    /**
     * Joins {@code rooms} (nothing happens once the socket is disconnected).
     *
     * @throws RoomLimitException if the socket would then be in more than {@code SKEIN_MAX_ROOMS_PER_SOCKET}
     *     rooms (its own room not counted); it joins none of them
     */
    void join(String... rooms);

    void leave(String room);

    /**
     * Emits {@code event} to this client; {@code byte[]} arguments travel as binary.
     *
     * @throws IllegalArgumentException for a reserved event name such as {@code "disconnect"}
     */
    @Override
    void emit(String event, Object... args);

    /**
     * Emits {@code event} and waits for the client's acknowledgement.
     *
     * @return the acknowledgement's arguments, or a future failed with {@link AckTimeoutException}
     */
    @Override
    CompletableFuture<Args> emitWithAck(String event, Duration timeout, Object... args);

    /** Targets every socket of the namespace except this one. */
    BroadcastOperator broadcast();

    /** Targets the sockets in {@code rooms}, except this one. */
    BroadcastOperator to(String... rooms);

    /**
     * Disconnects from this namespace: the client gets a DISCONNECT and does not reconnect by itself. With
     * connection state recovery on, it happens once the recoverable events emitted to this socket before are
     * on their way (at its event loop's next turn; in a cluster once they came back from Redis), so that a last
     * event is not lost; {@link #connected()} stays true until then.
     */
    void disconnect();

    /** Disconnects; with {@code close}, closes the client's whole connection too. */
    void disconnect(boolean close);
}
