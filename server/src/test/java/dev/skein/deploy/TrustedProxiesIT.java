package dev.skein.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skein.config.Cidr;
import dev.skein.testing.Haproxy;
import dev.skein.testing.RawPolling;
import dev.skein.testing.RawTcpHttp;
import dev.skein.testing.RawTcpWebSocket;
import dev.skein.testing.TestNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Client addresses behind a real HAProxy (the shipped configuration: {@code option forwardfor}; and with
 * {@code send-proxy} / {@code send-proxy-v2} on its server lines), clients on several loopback addresses:
 * the address a trusted proxy forwards is the client's, for the per-address limits and for {@code
 * handshake.address}; a client's own {@code X-Forwarded-For} is never believed, nor any header from a peer
 * that is not a trusted proxy; with the PROXY protocol required, other peers and connections without a
 * valid header are closed.
 */
class TrustedProxiesIT {
    private static final List<Cidr> HAPROXY = List.of(Cidr.parse("127.0.0.1"));

    private static TestNode forwarded;
    private static TestNode proxied;
    private static Haproxy forwardFor;
    private static Haproxy proxyV1;
    private static Haproxy proxyV2;

    @BeforeAll
    static void start() {
        forwarded = TestNode.start(b ->
                b.limits(l -> l.trustedProxies(HAPROXY).maxConnectionsPerIp(2).handshakesPerSecondPerIp(0)));
        proxied = TestNode.start(b -> b.limits(l -> l.trustedProxies(HAPROXY).proxyProtocol(true)));
        forwardFor = haproxy(forwarded, "");
        proxyV1 = haproxy(proxied, "send-proxy");
        proxyV2 = haproxy(proxied, "send-proxy-v2");
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable part : new AutoCloseable[] {forwardFor, proxyV1, proxyV2, forwarded, proxied}) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception e) {
                // the others still stop
            }
        }
    }

    @Test
    void theAddressHaproxyForwardsIsTheClientsAndCountsForItsLimit() {
        int port = port(forwardFor);
        RawPolling first = RawPolling.open("127.0.0.2", port);

        assertThat(whoami(first)).isEqualTo("127.0.0.2");
        RawPolling.open("127.0.0.2", port);
        RawTcpHttp.Response third = RawPolling.handshake("127.0.0.2", port);
        assertThat(third.status()).isEqualTo(403);
        assertThat(third.body()).isEqualTo("{\"code\":4,\"message\":\"Too many connections\"}");
        // every request came from HAProxy's 127.0.0.1: another client is still let in
        assertThat(whoami(RawPolling.open("127.0.0.3", port))).isEqualTo("127.0.0.3");
    }

    @Test
    void aClientsOwnForwardedForIsNeverBelieved() {
        String spoofed = "X-Forwarded-For: 198.51.100.9";
        // through HAProxy: it appends the real peer, the right-most entry that is not a trusted proxy
        assertThat(whoami(RawPolling.open("127.0.0.4", port(forwardFor), spoofed)))
                .isEqualTo("127.0.0.4");
        // straight to the node from a peer that is not a trusted proxy: the header is ignored
        assertThat(whoami(RawPolling.open("127.0.0.5", forwarded.server().port(), spoofed)))
                .isEqualTo("127.0.0.5");
    }

    @ParameterizedTest
    @ValueSource(strings = {"send-proxy", "send-proxy-v2"})
    void withThePROXYProtocolTheHeadersSourceIsTheClient(String version) {
        Haproxy haproxy = "send-proxy".equals(version) ? proxyV1 : proxyV2;

        assertThat(whoami(RawPolling.open("127.0.0.6", port(haproxy)))).isEqualTo("127.0.0.6");
        try (RawTcpWebSocket websocket = RawTcpWebSocket.open(
                "127.0.0.7", port(haproxy), "/socket.io/?EIO=4&transport=websocket", 65_536, null)) {
            assertThat(websocket.handshakeResponse()).startsWith("HTTP/1.1 101 ");
            websocket.readFrame();
            websocket.sendText("40");
            websocket.sendText("421[\"address\"]");
            assertThat(websocket.nextPacket("431")).isEqualTo("431[\"127.0.0.7\"]");
        }
    }

    @Test
    void withThePROXYProtocolOtherPeersAndConnectionsWithoutAValidHeaderAreClosed() {
        int port = proxied.server().port();
        double untrusted = handshakeErrors("untrusted peer");
        double invalid = handshakeErrors("proxy protocol");
        String handshake = RawTcpHttp.request("GET", port, "/socket.io/?EIO=4&transport=polling") + "\r\n";

        assertThat(closedWithoutAnswer("127.0.0.2", port, handshake))
                .as("a peer that is not a proxy")
                .isTrue();
        assertThat(closedWithoutAnswer("127.0.0.2", port, "PROXY TCP4 198.51.100.9 127.0.0.1 4711 80\r\n" + handshake))
                .as("a peer that is not a proxy, with a header of its own")
                .isTrue();
        assertThat(closedWithoutAnswer("127.0.0.1", port, handshake))
                .as("the proxy without a header")
                .isTrue();
        assertThat(closedWithoutAnswer("127.0.0.1", port, "PROXY TCP4 not-an-address\r\n" + handshake))
                .as("the proxy with a broken header")
                .isTrue();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(handshakeErrors("untrusted peer"))
                .isEqualTo(untrusted + 2));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(handshakeErrors("proxy protocol"))
                .isEqualTo(invalid + 2));

        // the proxy with a valid header is served
        try (RawTcpHttp http = RawTcpHttp.connect("127.0.0.1", port)) {
            http.write("PROXY TCP4 198.51.100.9 127.0.0.1 4711 3000\r\n" + handshake);
            RawTcpHttp.Response open = http.read();
            assertThat(open.status()).isEqualTo(200);
            assertThat(open.body()).startsWith("0{\"sid\":");
        }
    }

    private static boolean closedWithoutAnswer(String from, int port, String bytes) {
        try (RawTcpHttp http = RawTcpHttp.connect(from, port)) {
            try {
                http.write(bytes);
            } catch (java.io.UncheckedIOException e) {
                // closed before the request was all written
                return true;
            }
            try {
                RawTcpHttp.Response answer = http.read();
                throw new AssertionError("answered " + answer.status() + " " + answer.body());
            } catch (java.io.UncheckedIOException e) {
                return e.getMessage().contains("closed") || e.getMessage().contains("reset");
            }
        }
    }

    private static String whoami(RawPolling client) {
        client.connect();
        client.send("421[\"address\"]");
        List<String> packets = client.pollUntil("431");
        String answer = packets.get(packets.size() - 1);
        return answer.substring("431[\"".length(), answer.length() - "\"]".length());
    }

    private static Haproxy haproxy(TestNode node, String serverOptions) {
        Haproxy haproxy = Haproxy.start(
                List.of(new Haproxy.Backend(
                        "node", node.server().port(), node.server().managementPort())),
                serverOptions);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> "UP".equals(haproxy.serverStates().get("node")));
        return haproxy;
    }

    private static int port(Haproxy haproxy) {
        return URI.create(haproxy.url()).getPort();
    }

    private static double handshakeErrors(String reason) {
        return proxied.server()
                .metrics()
                .registry()
                .counter("skein.handshake.errors", "reason", reason)
                .count();
    }
}
