package dev.skein.adapter;

import dev.skein.protocol.EncodedPacket;

/** The sockets of one namespace on this node, as an adapter delivers to them. Thread-safe. */
public interface LocalSockets {
    /** The namespace name, such as {@code "/"} or {@code "/chat"}. */
    String namespace();

    /** Queues {@code packet} for the socket {@code socketId}, if it is still connected here. */
    void deliver(String socketId, EncodedPacket packet, BroadcastFlags flags);

    /**
     * Queues {@code packet}, which asks for acknowledgement {@code ackId}, for the socket {@code socketId};
     * {@code onAck} gets its answer if it comes within {@code timeout}.
     *
     * @return whether the socket is connected here (and so counts as a target)
     */
    boolean deliverWithAck(
            String socketId,
            EncodedPacket packet,
            long ackId,
            java.time.Duration timeout,
            BroadcastFlags flags,
            java.util.function.Consumer<java.util.List<Object>> onAck);

    /** The rooms of the socket {@code socketId} changed (a join or a leave); for connection state recovery. */
    default void roomsChanged(String socketId) {}

    /** A fresh acknowledgement id of this namespace, for a broadcast with acks that came from elsewhere. */
    long nextAckId();

    /** Disconnects the socket {@code socketId}, if it is still connected here. */
    void disconnect(String socketId, boolean close);

    /** What {@code fetchSockets} reports of the socket {@code socketId}; {@code null} if it is gone. */
    SocketSnapshot snapshot(String socketId);

    /**
     * Hands a server-side event from another node ({@code data}: the event name, then its arguments) to
     * this namespace's server-side handlers.
     *
     * @param ack where the first handler's answer goes, or {@code null} when the sender wants none
     */
    void serverSideEvent(java.util.List<Object> data, java.util.function.Consumer<Object> ack);
}
