package dev.skein.conformance;

import dev.skein.socket.Namespace;
import dev.skein.socket.Socket;
import java.util.function.Function;

/**
 * The handlers of the Socket.IO v5 specification's test server ({@code docs/socket.io-protocol/v5-current.md},
 * "Test suite"):
 *
 * <ul>
 *   <li>on {@code "/"} and {@code "/custom"}, each new socket gets {@code auth} with its handshake's
 *       {@code auth} payload;
 *   <li>on {@code "/"}, {@code message} is answered with {@code message-back} and the same arguments
 *       (binary included), and {@code message-with-ack} is acknowledged with the same arguments.
 * </ul>
 */
public final class ConformanceApp {
    private ConformanceApp() {}

    /** Installs the test server's handlers on the namespaces of a server ({@code server::of}). */
    public static void install(Function<String, Namespace> namespaces) {
        Namespace main = namespaces.apply("/");
        main.onConnection(ConformanceApp::sendAuth);
        main.onConnection(socket -> {
            socket.on(
                    "message",
                    (args, ack) -> socket.emit("message-back", args.asList().toArray()));
            socket.on("message-with-ack", (args, ack) -> ack.send(args.asList().toArray()));
        });
        namespaces.apply("/custom").onConnection(ConformanceApp::sendAuth);
    }

    private static void sendAuth(Socket socket) {
        socket.emit("auth", socket.handshake().auth());
    }
}
