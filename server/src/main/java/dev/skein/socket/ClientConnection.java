package dev.skein.socket;

import dev.skein.config.Transport;
import dev.skein.protocol.EncodedPacket;

/** The Engine.IO connection under a client's sockets, as the Socket.IO layer sees it. Thread-safe. */
public interface ClientConnection {
    /** The Engine.IO session id. Secret to the client: never a room, never sent to others. */
    String sessionId();

    /** The transport in use now. */
    Transport transport();

    /**
     * Queues a packet for the client.
     *
     * @param droppable whether the packet may be dropped when the client cannot take it now (volatile)
     * @return false when the packet was dropped or the connection is gone
     */
    boolean send(EncodedPacket packet, boolean droppable);

    /** Closes the transport without a Socket.IO DISCONNECT, so that a client reconnects. Idempotent. */
    void close();
}
