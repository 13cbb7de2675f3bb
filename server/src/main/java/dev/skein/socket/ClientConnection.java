package dev.skein.socket;

import dev.skein.adapter.BroadcastFlags;
import dev.skein.config.Transport;
import dev.skein.protocol.EncodedPacket;

/** The Engine.IO connection under a {@link ClientSession}, as the Socket.IO layer sees it. Thread-safe. */
public interface ClientConnection {
    /** The Engine.IO session id. Secret to the client: never a room, never sent to others. */
    String sessionId();

    /** The transport in use now. */
    Transport transport();

    /**
     * Whether the client speaks Engine.IO v3 and Socket.IO protocol v4 ({@code socket.io-client} 2.x): it
     * is connected to {@code "/"} implicitly, and its CONNECT packets carry a query instead of an auth
     * payload.
     */
    boolean legacyProtocol();

    /**
     * Queues a packet for the client.
     *
     * @param flags {@code volatile_}: may be dropped when the client cannot take it now; {@code
     *     compress}: may be compressed on the wire
     * @return false when the packet was dropped or the connection is gone
     */
    boolean send(EncodedPacket packet, BroadcastFlags flags);

    /** Whether the connection is still open. */
    boolean isOpen();

    /** Closes the transport without a Socket.IO DISCONNECT, so that a client reconnects. Idempotent. */
    void close();

    /**
     * Runs {@code task} on the connection's event loop, in order with its inbound packets: at once when called
     * there, else as a task of that loop. Any thread.
     */
    void execute(Runnable task);

    /**
     * Runs {@code task} on the connection's event loop as a task, even when called there: after every task
     * already given to that loop (connection state recovery keeps a socket's packets in order with the
     * recoverable ones queued before them). Any thread.
     */
    default void enqueue(Runnable task) {
        execute(task);
    }

    /**
     * A timer on the connection's event loop timer wheel whose {@code action} runs on that loop while the
     * connection is open. Any thread.
     */
    Deadline newDeadline(Runnable action);
}
