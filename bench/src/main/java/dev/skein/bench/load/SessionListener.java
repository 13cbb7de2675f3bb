package dev.skein.bench.load;

import io.netty.buffer.ByteBuf;

/**
 * What a scenario hears from its simulated clients. Every call comes on the session's event loop; a
 * buffer is only valid during the call.
 */
public interface SessionListener {
    /** The Socket.IO CONNECT to {@code "/"} was accepted. */
    default void onConnected(Session session) {}

    /**
     * An event arrived: {@code packet} is the Engine.IO text packet ({@code 42[...]}), or null for a binary
     * event, whose attachments were scanned instead; {@code sentNanos} is its {@link LatencyMarker}, or
     * {@link LatencyMarker#NONE}.
     */
    default void onEvent(Session session, ByteBuf packet, long sentNanos) {}

    /** The server acknowledged the client's emit {@code ackId}; {@code packet} is the whole packet text. */
    default void onAck(Session session, int ackId, ByteBuf packet) {}

    /** The session ended (closed by either side, refused, or failed), once. */
    default void onClosed(Session session, String reason) {}
}
