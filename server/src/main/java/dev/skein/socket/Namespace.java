package dev.skein.socket;

import dev.skein.adapter.Adapter;
import java.util.Map;
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

    /** Targets the sockets in {@code rooms} (and in any room added later on the operator). */
    BroadcastOperator to(String... rooms);

    /** The same as {@link #to}. */
    BroadcastOperator in(String... rooms);

    /** Targets every socket except those in {@code rooms}. */
    BroadcastOperator except(String... rooms);

    /** Emits to every socket of the namespace. */
    void emit(String event, Object... args);

    /**
     * Emits to every socket of the namespace and gathers their acknowledgements; see {@link
     * BroadcastOperator#emitWithAck}.
     */
    java.util.concurrent.CompletableFuture<java.util.List<Args>> emitWithAck(
            String event, java.time.Duration timeout, Object... args);

    /** The sockets connected to this namespace on this node, by id. A snapshot. */
    Map<String, Socket> sockets();

    /** The adapter that holds this namespace's rooms. */
    Adapter adapter();
}
