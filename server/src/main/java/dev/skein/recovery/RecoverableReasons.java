package dev.skein.recovery;

import java.util.Set;

/**
 * Which disconnections keep a socket's session, as in the official server: the ones neither the client nor
 * the application asked for (a transport that failed or closed, a ping timeout, the node shutting down or
 * draining). A client's or the server's disconnect ({@code disconnect()}, {@code disconnect(true)}: the
 * official server disconnects every socket of that client then, Skein's other sockets of the connection see
 * {@code "forced close"}), a parse error, a slow client cut off, an event flood and a connect timeout do not.
 */
final class RecoverableReasons {
    private static final Set<String> KEPT =
            Set.of("transport error", "transport close", "ping timeout", "server shutting down");

    private RecoverableReasons() {}

    static boolean keepsSession(String reason) {
        return KEPT.contains(reason);
    }
}
