package dev.skein.adapter;

import dev.skein.protocol.EncodedPacket;

/** The sockets of one namespace on this node, as an adapter delivers to them. Thread-safe. */
public interface LocalSockets {
    /** The namespace name, such as {@code "/"} or {@code "/chat"}. */
    String namespace();

    /** Queues {@code packet} for the socket {@code socketId}, if it is still connected here. */
    void deliver(String socketId, EncodedPacket packet, BroadcastFlags flags);

    /** Disconnects the socket {@code socketId}, if it is still connected here. */
    void disconnect(String socketId, boolean close);
}
