package dev.skein.engine;

import dev.skein.protocol.EnginePacketType;
import dev.skein.socket.ConnectionListener;

/**
 * A raw Engine.IO session that sends every message back as it came, text or binary: the reference server
 * of the official Engine.IO v4 test suite (at {@link EngineServer#ECHO_PATH} when {@link
 * dev.skein.config.SkeinConfig#engineEcho()} is set). No Socket.IO, so no connect timeout. Runs on its
 * connection's home event loop, which flushes after each message it hands over.
 */
final class EchoSession implements ConnectionListener {
    private static final String MESSAGE = String.valueOf(EnginePacketType.MESSAGE.code());

    private final Connection connection;

    EchoSession(Connection connection) {
        this.connection = connection;
    }

    @Override
    public void start() {
        // the client speaks first
    }

    @Override
    public void receiveText(String message) {
        connection.offer(MESSAGE + message, false);
    }

    @Override
    public void receiveBinary(byte[] message) {
        connection.offer(message, false);
    }

    @Override
    public void onConnectionClosed(String reason) {
        // nothing to release
    }

    @Override
    public boolean joined() {
        return true;
    }
}
