package dev.skein.socket;

/**
 * Decides whether a socket may connect to a namespace, like the official {@code io.use} and {@code
 * nsp.use}. Runs for every CONNECT, with or without an {@code auth} payload, before any connection
 * handler; the socket is not connected yet, but its {@link Socket#handshake()} and {@link Socket#data()}
 * are there to read and fill.
 */
@FunctionalInterface
public interface ConnectMiddleware {
    /** Calls {@code next} once, now or later. A thrown exception rejects with its message. */
    void handle(Socket socket, Next next) throws Exception;
}
