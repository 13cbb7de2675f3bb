package dev.skein.socket;

import dev.skein.protocol.ProtocolException;

/**
 * What an Engine.IO connection tells the session above it: the Socket.IO layer's {@link ClientSession}, or
 * another session over raw Engine.IO messages. The counterpart of {@link ClientConnection}. Called on the
 * connection's event loop, one call at a time.
 */
public interface ConnectionListener {
    /** The handshake is answered or queued: the session may send from now on. */
    void start();

    /**
     * One text message (the data of an Engine.IO {@code MESSAGE}).
     *
     * @throws ProtocolException if the session cannot take it; the connection then closes
     */
    void receiveText(String message) throws ProtocolException;

    /**
     * One binary message.
     *
     * @throws ProtocolException if the session cannot take it; the connection then closes
     */
    void receiveBinary(byte[] message) throws ProtocolException;

    /**
     * The client showed it is alive: it answered a server ping (Engine.IO v4 {@code PONG}) or sent its own
     * (v3 {@code PING}). Probes of a websocket upgrade do not count.
     */
    default void onHeartbeat() {}

    /** The connection ended, for {@code reason}. Idempotent. */
    void onConnectionClosed(String reason);

    /**
     * Whether the client has joined what it connected for (Socket.IO: a namespace). A connection that has
     * not within {@code connectTimeout} is closed.
     */
    boolean joined();
}
