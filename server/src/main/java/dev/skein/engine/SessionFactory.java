package dev.skein.engine;

import dev.skein.socket.ConnectionListener;
import dev.skein.socket.Handshake;

/** Opens the session above each new connection of an endpoint: Socket.IO's, or a raw Engine.IO echo. */
@FunctionalInterface
interface SessionFactory {
    /** The session of {@code connection}, not started yet; on the handshake's event loop. */
    ConnectionListener open(Connection connection, Handshake handshake);
}
