package dev.skein.testing;

import dev.skein.auth.Claims;
import dev.skein.config.SkeinConfig;
import dev.skein.demo.DemoApp;
import dev.skein.server.SkeinServer;
import dev.skein.socket.Socket;
import dev.skein.web.StaticSite;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A real Skein node on free loopback ports, running the demo app plus a few test events, for one test
 * class. Close it (try-with-resources or {@code @AfterAll}) and it stops.
 *
 * <p>Test events on {@code "/"}: {@code echo} acknowledges with its own arguments; {@code ask-me}
 * makes the server ask the client {@code question} with an ack and emit {@code answered} with the
 * reply; {@code shout} broadcasts {@code shouted} to everyone but the sender; {@code whoami} acknowledges
 * with {@code {subject, claims}}: the typed claims' subject and the claims map in {@code socket.data()}.
 * {@code address} answers with the client address the handshake shows. The demo app asks the node's room
 * authorizer.
 */
public final class TestNode implements AutoCloseable {
    private final SkeinServer server;

    private TestNode(SkeinServer server) {
        this.server = server;
    }

    public static TestNode start() {
        return start(b -> b);
    }

    /** Starts a node whose configuration {@code customize} may change. */
    public static TestNode start(UnaryOperator<SkeinConfig.Builder> customize) {
        SkeinConfig config = customize
                .apply(SkeinConfig.builder()
                        .host(TestEnvironment.LOOPBACK)
                        .port(0)
                        .managementPort(0)
                        .nodeId("test-node"))
                .build();
        SkeinServer server = SkeinServer.create(config, StaticSite.demo());
        DemoApp.install(server.sockets(), server.config().nodeId(), server.roomAuthorizer());
        server.sockets().onConnection(TestNode::testEvents);
        return new TestNode(server.start());
    }

    private static void testEvents(Socket socket) {
        socket.on("echo", (args, ack) -> ack.send(args.asList().toArray()));
        socket.on("ask-me", (args, ack) -> socket.emitWithAck("question", Duration.ofSeconds(3), args.get(0))
                .thenAccept(reply -> socket.emit("answered", reply.get(0))));
        socket.on("shout", (args, ack) -> socket.broadcast().emit("shouted", args.get(0)));
        socket.on("whoami", (args, ack) -> {
            java.util.Map<String, Object> answer = new java.util.LinkedHashMap<>();
            answer.put("subject", Claims.from(socket).flatMap(Claims::subject).orElse(null));
            answer.put("claims", socket.data().get(Claims.DATA_KEY));
            ack.send(answer);
        });
        socket.on("address", (args, ack) -> ack.send(socket.handshake().address()));
    }

    public SkeinServer server() {
        return server;
    }

    /** The client port's address: {@code https://} when the node speaks TLS. */
    public String url() {
        return server.config().tls() ? TestEnvironment.httpsUrl(server.port()) : TestEnvironment.url(server.port());
    }

    public String managementUrl() {
        return TestEnvironment.url(server.managementPort());
    }

    @Override
    public void close() {
        server.stop();
    }
}
