package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.testing.NodeScript;
import dev.skein.testing.RawPolling;
import dev.skein.testing.RawTcpHttp;
import dev.skein.testing.RawTcpWebSocket;
import dev.skein.testing.TestNode;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The per-client-address limits of new sessions, with real sockets from several loopback addresses
 * ({@code 127.0.0.2}, ... are this machine too): past {@code maxConnectionsPerIp} a handshake gets 403 {@code
 * {"code":4,"message":"Too many connections"}}, past the handshake rate 429 {@code {"code":4,"message":"Too
 * many handshakes"}}; other addresses and connected clients go on; each session gives its place back exactly
 * once, however it ends.
 */
class ConnectionLimitsIT {
    private static final String POLLING = "/socket.io/?EIO=4&transport=polling";
    private static final String WEBSOCKET = "/socket.io/?EIO=4&transport=websocket";

    @Test
    void sessionsPastTheLimitOfAnAddressAreRefusedWith403WhileOtherAddressesGetIn() {
        try (TestNode node = TestNode.start(
                        b -> b.limits(l -> l.maxConnectionsPerIp(3).handshakesPerSecondPerIp(0)));
                RawTcpWebSocket healthy = connected(node, "127.0.0.9")) {
            int port = node.server().port();
            RawPolling.open("127.0.0.2", port);
            RawPolling.open("127.0.0.2", port);
            RawTcpWebSocket third = connected(node, "127.0.0.2");
            double before = rejected(node, "connections_per_ip");

            RawTcpHttp.Response polling = RawPolling.handshake("127.0.0.2", port);
            String websocket = RawTcpWebSocket.open("127.0.0.2", port, WEBSOCKET, 65_536, null)
                    .handshakeResponse();

            assertThat(polling.status()).isEqualTo(403);
            assertThat(polling.body()).isEqualTo("{\"code\":4,\"message\":\"Too many connections\"}");
            assertThat(websocket).startsWith("HTTP/1.1 403 ");
            assertThat(rejected(node, "connections_per_ip")).isEqualTo(before + 2);
            assertThat(RawPolling.handshake("127.0.0.3", port).status()).isEqualTo(200);
            assertEcho(healthy);
            // a session that ends gives its place back
            third.close();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> RawPolling.handshake("127.0.0.2", port).status() == 200);
        }
    }

    @Test
    void theOfficialClientIsRefusedUntilASessionOfItsAddressEnds() {
        try (TestNode node = TestNode.start(b -> b.limits(l -> l.maxConnectionsPerIp(2)))) {
            int port = node.server().port();
            RawPolling.open("127.0.0.1", port);
            RawTcpWebSocket holder = connected(node, "127.0.0.1");
            Process client = NodeScript.start("refusedUntilAdmitted", node.url(), "polling");
            try {
                List<JsonNode> lines = NodeScript.follow(client);
                await().atMost(Duration.ofSeconds(10)).until(() -> !lines.isEmpty());
                JsonNode refused = lines.get(0);
                assertThat(refused.path("event").asText()).isEqualTo("connect_error");
                assertThat(refused.path("description").asText()).isEqualTo("403");

                holder.close();

                await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream()
                        .anyMatch(l -> "connect".equals(l.path("event").asText())));
                JsonNode admitted = lines.stream()
                        .filter(l -> "connect".equals(l.path("event").asText()))
                        .findFirst()
                        .orElseThrow();
                assertThat(admitted.path("echo").asText()).isEqualTo("in at last");
                assertThat(admitted.path("refusals").asInt()).isPositive();
            } finally {
                client.destroyForcibly();
            }
        }
    }

    @Test
    void noPlaceLeaksWhenSessionsComeAndGoInEveryWayTheyCanEnd() throws Exception {
        int max = 6;
        try (TestNode node = TestNode.start(b -> b.pingInterval(Duration.ofMillis(400))
                .pingTimeout(Duration.ofMillis(400))
                .connectTimeout(Duration.ofMillis(1_000))
                .limits(l -> l.maxConnectionsPerIp(max).handshakesPerSecondPerIp(0)))) {
            int port = node.server().port();
            for (int round = 0; round < 3; round++) {
                List<AutoCloseable> open = new ArrayList<>();
                // 1: a websocket whose client hangs up
                connected(node, "127.0.0.1").close();
                // 2: a long-polling client that says goodbye (CLOSE, then its last long-poll)
                RawPolling polite = RawPolling.open("127.0.0.1", port);
                polite.connect();
                polite.close();
                // 3: a long-polling session never used: the connect timeout ends it
                RawPolling.open("127.0.0.1", port);
                // 4: a websocket that never answers a ping: the ping timeout ends it
                open.add(connected(node, "127.0.0.1"));
                // 5: a client that upgrades from polling to websocket, then disconnects
                Socket upgraded = upgradingClient(node);
                upgraded.close();
                // 6: a websocket handshake whose client resets before the answer
                try (RawTcpHttp rude = RawTcpHttp.connect("127.0.0.1", port)) {
                    rude.write(RawTcpHttp.request(
                                            "GET",
                                            port,
                                            WEBSOCKET,
                                            "Upgrade: websocket",
                                            "Sec-WebSocket-Version: 13",
                                            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==")
                                    .replace("Connection: close", "Connection: Upgrade")
                            + "\r\n");
                }

                await().atMost(Duration.ofSeconds(10))
                        .until(() -> node.server()
                                        .metrics()
                                        .registry()
                                        .get("skein.limits.tracked.addresses")
                                        .tag("table", "connections")
                                        .gauge()
                                        .value()
                                == 0);
                assertThat(node.server()
                                .metrics()
                                .registry()
                                .get("skein.clients.connected")
                                .gauges())
                        .allSatisfy(g -> assertThat(g.value()).isZero());
                for (AutoCloseable socket : open) {
                    socket.close();
                }
            }
            // and the address still has exactly its quota: max sessions, then a refusal
            for (int i = 0; i < max; i++) {
                assertThat(RawPolling.handshake("127.0.0.1", port).status()).isEqualTo(200);
            }
            assertThat(RawPolling.handshake("127.0.0.1", port).status()).isEqualTo(403);
        }
    }

    @Test
    void handshakesPastTheBurstOfAnAddressAreRefusedWith429() {
        try (TestNode node = TestNode.start(b -> b.limits(l ->
                        l.handshakesPerSecondPerIp(1).handshakeBurstPerIp(3).maxConnectionsPerIp(0)));
                RawTcpWebSocket healthy = connected(node, "127.0.0.9")) {
            int port = node.server().port();
            int admitted = 0;
            RawTcpHttp.Response refused = null;
            // at one token a second, 20 handshakes in a row would need ~17 s to all pass
            for (int i = 0; i < 20 && refused == null; i++) {
                RawTcpHttp.Response answer = RawPolling.handshake("127.0.0.2", port);
                if (answer.status() == 200) {
                    admitted++;
                } else {
                    refused = answer;
                }
            }

            assertThat(refused).as("a refusal within 20 handshakes").isNotNull();
            assertThat(admitted).isGreaterThanOrEqualTo(3);
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.headers()).containsEntry("retry-after", "1");
            assertThat(refused.body()).isEqualTo("{\"code\":4,\"message\":\"Too many handshakes\"}");
            assertThat(rejected(node, "handshakes_per_ip")).isPositive();
            assertThat(RawPolling.handshake("127.0.0.3", port).status()).isEqualTo(200);
            assertEcho(healthy);
        }
    }

    /** A websocket from {@code from}, connected to "/" and greeted. */
    private static RawTcpWebSocket connected(TestNode node, String from) {
        RawTcpWebSocket socket = RawTcpWebSocket.open(from, node.server().port(), WEBSOCKET, 65_536, null);
        assertThat(socket.handshakeResponse()).startsWith("HTTP/1.1 101 ");
        socket.readFrame();
        socket.sendText("40");
        assertThat(socket.nextPacket("")).startsWith("40{");
        return socket;
    }

    private static void assertEcho(RawTcpWebSocket socket) {
        socket.sendText("427[\"echo\",\"still here\"]");
        String answer = socket.nextPacket("");
        while (!answer.startsWith("43")) {
            answer = socket.nextPacket("");
        }
        assertThat(answer).isEqualTo("437[\"still here\"]");
    }

    /** The official Java client on polling, upgraded to websocket. */
    private static Socket upgradingClient(TestNode node) throws Exception {
        IO.Options options = IO.Options.builder()
                .setForceNew(true)
                .setReconnection(false)
                .setTransports(new String[] {"polling", "websocket"})
                .build();
        Socket client = IO.socket(URI.create(node.url()), options);
        CompletableFuture<String> connected = new CompletableFuture<>();
        client.once(Socket.EVENT_CONNECT, args -> connected.complete(client.id()));
        client.connect();
        String id = connected.get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            dev.skein.socket.Socket serverSide = node.server().of("/").sockets().get(id);
            return serverSide != null && serverSide.transport() == dev.skein.config.Transport.WEBSOCKET;
        });
        return client;
    }

    private static double rejected(TestNode node, String limit) {
        return node.server()
                .metrics()
                .registry()
                .counter("skein.limits.rejected", "limit", limit)
                .count();
    }
}
