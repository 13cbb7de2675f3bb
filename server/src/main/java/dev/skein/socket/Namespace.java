package dev.skein.socket;

import dev.skein.adapter.Adapter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A Socket.IO namespace, such as {@code "/"} or {@code "/chat"}: its connection handlers, its sockets on
 * this node, and broadcasts to its rooms. Thread-safe.
 */
public interface Namespace {
    /** The name, starting with {@code /}. */
    String name();

    /**
     * Adds a handler that receives each socket once it has connected (after the client got its
     * CONNECT answer). Handlers run in the order added, on the client's event loop.
     */
    Namespace onConnection(Consumer<Socket> handler);

    /**
     * Adds a middleware that every CONNECT to this namespace passes before any connection handler;
     * they run in the order added.
     */
    Namespace use(ConnectMiddleware middleware);

    /**
     * Adds a handler that runs each time the client of one of this namespace's sockets shows it is alive: it
     * answers a server ping (Engine.IO v4) or sends its own ping (v3 clients). Runs on the client's event loop;
     * must not block. Handlers run in the order added.
     */
    Namespace onHeartbeat(Consumer<Socket> handler);

    /**
     * Adds a handler that receives every event of every socket of this namespace, those connected now and those
     * that connect later: after the socket's middleware, catch-all listeners and own handlers of that event. The
     * seam of APIs that route events by namespace (such as netty-socketio's listeners); handlers run in the order
     * added.
     */
    Namespace onEvent(SocketEventHandler handler);

    /** Targets the sockets in {@code rooms} (and in any room added later on the operator). */
    BroadcastOperator to(String... rooms);

    /** The same as {@link #to}. */
    BroadcastOperator in(String... rooms);

    /** Targets every socket except those in {@code rooms}. */
    BroadcastOperator except(String... rooms);

    /** Targets this node's sockets only (the official {@code io.local}); see {@link BroadcastOperator#local}. */
    BroadcastOperator local();

    /** Emits to every socket of the namespace. */
    void emit(String event, Object... args);

    /**
     * Emits to every socket of the namespace and gathers their acknowledgements; see {@link
     * BroadcastOperator#emitWithAck}.
     */
    CompletableFuture<List<Args>> emitWithAck(String event, Duration timeout, Object... args);

    /**
     * Describes every socket of this namespace on every node; see {@link BroadcastOperator#fetchSockets}.
     */
    CompletableFuture<List<RemoteSocket>> fetchSockets();

    /**
     * Every room of this namespace with a member on any node, each socket's own room included.
     *
     * @return the rooms, or a future failed with {@link dev.skein.adapter.ClusterRequestException}
     *     (holding the rooms gathered) when a node did not answer in time or Redis could not be reached
     */
    CompletableFuture<Set<String>> allRooms();

    /**
     * Sends {@code event} to this namespace's server-side handlers on every other node (not to clients).
     * The arguments travel as JSON.
     *
     * @throws IllegalArgumentException for a reserved name ({@code connect}, {@code connection},
     *     {@code new_namespace})
     */
    void serverSideEmit(String event, Object... args);

    /**
     * Sends {@code event} to every other node and gathers one answer from each.
     *
     * @return the answers (empty when this node is alone), or a future failed with {@link
     *     dev.skein.adapter.ClusterRequestException} holding the answers that came
     * @throws IllegalArgumentException for a reserved name
     */
    CompletableFuture<List<Object>> serverSideEmitWithAck(String event, Duration timeout, Object... args);

    /**
     * Handles {@code event} when another node sends it with {@code serverSideEmit}. The handler runs on a
     * cluster thread and must not block; its {@code Ack} answers a {@code serverSideEmitWithAck} (the first
     * argument is sent). Several handlers run in order; only the first answer counts.
     */
    Namespace onServerSideEmit(String event, EventHandler handler);

    /** How many nodes serve this namespace, this one included. */
    CompletableFuture<Integer> serverCount();

    /** The sockets connected to this namespace on this node, by id. A snapshot. */
    Map<String, Socket> sockets();

    /** The adapter that holds this namespace's rooms. */
    Adapter adapter();
}
