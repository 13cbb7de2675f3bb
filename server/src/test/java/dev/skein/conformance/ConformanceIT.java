package dev.skein.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skein.testing.RawHttp;
import dev.skein.testing.RawWebSocket;
import dev.skein.testing.ServerProcess;
import dev.skein.testing.TestEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every behaviour the official Socket.IO v5 protocol test suite checks, against the real jar started
 * with {@code SKEIN_PROFILE=conformance}, at the raw HTTP and websocket level. Waits are bounded and
 * never decide a result by timing alone: a timeout test lets the timeout pass, then checks the outcome.
 */
class ConformanceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private static ServerProcess server;
    private static String http;
    private static String ws;

    @BeforeAll
    static void startConformanceServer() {
        int port = ServerProcess.freePort();
        server = ServerProcess.onLoopback(port, Map.of("SKEIN_PROFILE", "conformance"));
        http = TestEnvironment.url(port) + "/socket.io/?EIO=4";
        ws = http.replace("http://", "ws://");
        await().atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> RawHttp.get(http + "&transport=polling").statusCode() == 200);
    }

    @AfterAll
    static void stopConformanceServer() {
        server.close();
    }

    @Nested
    class EngineHandshake {
        @Test
        void pollingHandshakeAnnouncesTheReferenceServersValues() throws Exception {
            HttpResponse<String> response = RawHttp.get(http + "&transport=polling");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).startsWith("0");
            JsonNode open = JSON.readTree(response.body().substring(1));
            assertThat(fieldNames(open))
                    .containsExactly("sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload");
            assertThat(open.get("sid").isTextual()).isTrue();
            assertThat(open.get("upgrades").toString()).isEqualTo("[\"websocket\"]");
            assertThat(open.get("pingInterval").asInt()).isEqualTo(300);
            assertThat(open.get("pingTimeout").asInt()).isEqualTo(200);
            assertThat(open.get("maxPayload").asInt()).isEqualTo(1_000_000);
        }

        @Test
        void websocketHandshakeOffersNoUpgrade() throws Exception {
            try (RawWebSocket socket = RawWebSocket.open(ws + "&transport=websocket")) {
                String open = socket.nextText();

                assertThat(open).startsWith("0");
                JsonNode values = JSON.readTree(open.substring(1));
                assertThat(fieldNames(values))
                        .containsExactly("sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload");
                assertThat(values.get("upgrades").toString()).isEqualTo("[]");
                assertThat(values.get("maxPayload").asInt()).isEqualTo(1_000_000);
            }
        }

        @Test
        void pollingRequestsWithABadVersionTransportOrMethodGet400() {
            String base = http.replace("?EIO=4", "?");
            assertThat(RawHttp.get(base + "transport=polling").statusCode()).isEqualTo(400);
            assertThat(RawHttp.get(base + "EIO=abc&transport=polling").statusCode())
                    .isEqualTo(400);
            assertThat(RawHttp.get(http).statusCode()).isEqualTo(400);
            assertThat(RawHttp.get(http + "&transport=abc").statusCode()).isEqualTo(400);
            assertThat(RawHttp.post(http + "&transport=polling", "").statusCode())
                    .isEqualTo(400);
            assertThat(RawHttp.put(http + "&transport=polling", "").statusCode())
                    .isEqualTo(400);
        }

        @Test
        void websocketsWithABadVersionOrTransportAreRefused() {
            String base = ws.replace("?EIO=4", "?");
            assertThat(RawWebSocket.isRefused(base + "transport=websocket")).isTrue();
            assertThat(RawWebSocket.isRefused(base + "EIO=abc&transport=websocket"))
                    .isTrue();
            assertThat(RawWebSocket.isRefused(ws)).isTrue();
            assertThat(RawWebSocket.isRefused(ws + "&transport=abc")).isTrue();
        }
    }

    @Nested
    class Heartbeat {
        @Test
        void pollingClientGetsPingsAndAnswersThem() {
            String session = pollingSession();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> poll = RawHttp.get(session);
                assertThat(poll.statusCode()).isEqualTo(200);
                assertThat(poll.body()).isEqualTo("2");
                assertThat(RawHttp.post(session, "3").statusCode()).isEqualTo(200);
            }
        }

        @Test
        void pollingSessionEndsWhenThePongNeverComes() {
            String session = pollingSession();
            assertThat(RawHttp.get(session).body()).isEqualTo("2");

            await().atMost(CLOSE_WAIT).until(() -> RawHttp.get(session).statusCode() == 400);
            assertThat(RawHttp.get(session).body()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
        }

        @Test
        void websocketClientGetsPingsAndAnswersThem() {
            try (RawWebSocket socket = RawWebSocket.open(ws + "&transport=websocket")) {
                socket.nextText();
                for (int i = 0; i < 3; i++) {
                    assertThat(socket.nextText()).isEqualTo("2");
                    socket.send("3");
                }
                assertThat(socket.isClosed()).isFalse();
            }
        }

        @Test
        void websocketIsClosedWhenThePongNeverComes() {
            try (RawWebSocket socket = RawWebSocket.open(ws + "&transport=websocket")) {
                socket.nextText();
                assertThat(socket.nextText()).isEqualTo("2");

                assertThat(socket.awaitClosed(CLOSE_WAIT)).isTrue();
            }
        }
    }

    @Nested
    class Close {
        @Test
        void pollingClientCloseReleasesThePendingPollWithANoopAndEndsTheSession() {
            String session = pollingSession();
            CompletableFuture<HttpResponse<String>> pendingPoll = getAsync(session);

            assertThat(RawHttp.post(session, "1").statusCode()).isEqualTo(200);

            HttpResponse<String> released = pendingPoll.join();
            assertThat(released.statusCode()).isEqualTo(200);
            assertThat(released.body()).isEqualTo("6");
            assertThat(RawHttp.get(session).statusCode()).isEqualTo(400);
        }

        @Test
        void websocketClientCloseClosesTheConnection() {
            try (RawWebSocket socket = RawWebSocket.open(ws + "&transport=websocket")) {
                socket.nextText();
                socket.send("1");

                assertThat(socket.awaitClosed(CLOSE_WAIT)).isTrue();
            }
        }
    }

    @Nested
    class Upgrade {
        @Test
        void pollingSessionUpgradesToWebsocketAndCarriesPacketsThere() {
            String sid = sidOf(RawHttp.get(http + "&transport=polling").body());
            try (RawWebSocket socket = upgrade(sid)) {
                socket.send("40");

                assertThat(socket.nextAnsweringPings()).asString().startsWith("40{\"sid\":");
                assertThat(socket.nextAnsweringPings()).isEqualTo("42[\"auth\",{}]");
            }
        }

        @Test
        void longPollForAnUpgradedSessionGets400() {
            String sid = sidOf(RawHttp.get(http + "&transport=polling").body());
            try (RawWebSocket socket = upgrade(sid)) {
                HttpResponse<String> poll = RawHttp.get(http + "&transport=polling&sid=" + sid);

                assertThat(poll.statusCode()).isEqualTo(400);
                assertThat(poll.body()).isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
            }
        }

        @Test
        void secondWebsocketForAnUpgradedSessionIsClosedAtOnce() {
            String sid = sidOf(RawHttp.get(http + "&transport=polling").body());
            try (RawWebSocket upgraded = upgrade(sid);
                    RawWebSocket second = RawWebSocket.open(ws + "&transport=websocket&sid=" + sid)) {
                assertThat(second.awaitClosed(CLOSE_WAIT)).isTrue();
                upgraded.send("40");
                assertThat(upgraded.nextAnsweringPings()).asString().startsWith("40{\"sid\":");
            }
        }

        private RawWebSocket upgrade(String sid) {
            RawWebSocket socket = RawWebSocket.open(ws + "&transport=websocket&sid=" + sid);
            socket.send("2probe");
            assertThat(socket.nextText()).isEqualTo("3probe");
            socket.send("5");
            return socket;
        }
    }

    @Nested
    class Connect {
        @Test
        void clientJoinsTheMainNamespaceWithoutAuth() throws Exception {
            try (RawWebSocket socket = engineSocket()) {
                socket.send("40");

                assertConnectAnswer(socket.nextText(), "40");
                assertThat(socket.nextText()).isEqualTo("42[\"auth\",{}]");
            }
        }

        @Test
        void clientJoinsTheMainNamespaceWithAuth() throws Exception {
            try (RawWebSocket socket = engineSocket()) {
                socket.send("40{\"token\":\"123\"}");

                assertConnectAnswer(socket.nextText(), "40");
                assertThat(socket.nextText()).isEqualTo("42[\"auth\",{\"token\":\"123\"}]");
            }
        }

        @Test
        void clientJoinsACustomNamespaceWithAndWithoutAuth() throws Exception {
            try (RawWebSocket socket = engineSocket()) {
                socket.send("40/custom,");
                assertConnectAnswer(socket.nextText(), "40/custom,");
                assertThat(socket.nextText()).isEqualTo("42/custom,[\"auth\",{}]");
            }
            try (RawWebSocket socket = engineSocket()) {
                socket.send("40/custom,{\"token\":\"abc\"}");
                assertConnectAnswer(socket.nextText(), "40/custom,");
                assertThat(socket.nextText()).isEqualTo("42/custom,[\"auth\",{\"token\":\"abc\"}]");
            }
        }

        @Test
        void unknownNamespaceIsAnsweredWithConnectError() {
            try (RawWebSocket socket = engineSocket()) {
                socket.send("40/random");

                assertThat(socket.nextText()).isEqualTo("44/random,{\"message\":\"Invalid namespace\"}");
            }
        }

        @Test
        void malformedConnectClosesTheConnection() {
            try (RawWebSocket socket = engineSocket()) {
                socket.send("4abc");

                assertThat(socket.awaitClosed(CLOSE_WAIT)).isTrue();
            }
        }

        @Test
        void connectionThatJoinsNoNamespaceIsClosedAfterTheConnectTimeout() {
            try (RawWebSocket socket = engineSocket()) {
                // the client keeps its heartbeat alive, so only the connect timeout can end it
                await().atMost(CLOSE_WAIT).until(() -> {
                    socket.send("3");
                    return socket.awaitClosed(Duration.ofMillis(100));
                });
            }
        }

        private static void assertConnectAnswer(String answer, String prefix) throws Exception {
            assertThat(answer).startsWith(prefix);
            JsonNode payload = JSON.readTree(answer.substring(prefix.length()));
            assertThat(fieldNames(payload)).containsExactly("sid");
            assertThat(payload.get("sid").isTextual()).isTrue();
        }
    }

    @Nested
    class Disconnect {
        @Test
        void leavingTheMainNamespaceKeepsTheConnectionAndItsHeartbeat() {
            try (RawWebSocket socket = socketIoConnection()) {
                socket.send("41");

                assertThat(socket.nextText()).isEqualTo("2");
                socket.send("3");
                assertThat(socket.nextText()).isEqualTo("2");
            }
        }

        @Test
        void leavingACustomNamespaceKeepsTheMainOne() {
            try (RawWebSocket socket = socketIoConnection()) {
                socket.send("40/custom");
                assertThat(socket.nextAnsweringPings()).asString().startsWith("40/custom,");
                assertThat(socket.nextAnsweringPings()).isEqualTo("42/custom,[\"auth\",{}]");

                socket.send("41/custom");
                socket.send("42[\"message\",\"message to main namespace\"]");

                assertThat(socket.nextAnsweringPings()).isEqualTo("42[\"message-back\",\"message to main namespace\"]");
            }
        }
    }

    @Nested
    class Messages {
        @Test
        void textEventComesBack() {
            try (RawWebSocket socket = socketIoConnection()) {
                socket.send("42[\"message\",1,\"2\",{\"3\":[true]}]");

                assertThat(socket.nextAnsweringPings()).isEqualTo("42[\"message-back\",1,\"2\",{\"3\":[true]}]");
            }
        }

        @Test
        void binaryEventComesBackWithItsAttachmentsInOrder() {
            try (RawWebSocket socket = socketIoConnection()) {
                socket.send("452-[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
                socket.send(new byte[] {1, 2, 3});
                socket.send(new byte[] {4, 5, 6});

                assertThat(socket.nextAnsweringPings())
                        .isEqualTo(
                                "452-[\"message-back\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
                assertThat(socket.nextAnsweringPings()).isEqualTo(new byte[] {1, 2, 3});
                assertThat(socket.nextAnsweringPings()).isEqualTo(new byte[] {4, 5, 6});
            }
        }

        @Test
        void textEventIsAcknowledgedWithItsArguments() {
            try (RawWebSocket socket = socketIoConnection()) {
                socket.send("42456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");

                assertThat(socket.nextAnsweringPings()).isEqualTo("43456[1,\"2\",{\"3\":[false]}]");
            }
        }

        @Test
        void binaryEventIsAcknowledgedWithABinaryAck() {
            try (RawWebSocket socket = socketIoConnection()) {
                socket.send("452-789[\"message-with-ack\",{\"_placeholder\":true,\"num\":0},"
                        + "{\"_placeholder\":true,\"num\":1}]");
                socket.send(new byte[] {1, 2, 3});
                socket.send(new byte[] {4, 5, 6});

                assertThat(socket.nextAnsweringPings())
                        .isEqualTo("462-789[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
                assertThat(socket.nextAnsweringPings()).isEqualTo(new byte[] {1, 2, 3});
                assertThat(socket.nextAnsweringPings()).isEqualTo(new byte[] {4, 5, 6});
            }
        }

        @Test
        void eachMalformedPacketClosesItsConnection() {
            for (String malformed : List.of("4abc", "42{}", "42abc[\"message-with-ack\",1,\"2\",{\"3\":[false]}]")) {
                try (RawWebSocket socket = socketIoConnection()) {
                    socket.send(malformed);

                    assertThat(socket.awaitClosed(CLOSE_WAIT)).as(malformed).isTrue();
                }
            }
        }
    }

    private static RawWebSocket engineSocket() {
        RawWebSocket socket = RawWebSocket.open(ws + "&transport=websocket");
        assertThat(socket.nextText()).startsWith("0{");
        return socket;
    }

    /** A websocket connected to {@code "/"}, past its {@code auth} event. */
    private static RawWebSocket socketIoConnection() {
        RawWebSocket socket = engineSocket();
        socket.send("40");
        assertThat(socket.nextAnsweringPings()).asString().startsWith("40{");
        assertThat(socket.nextAnsweringPings()).isEqualTo("42[\"auth\",{}]");
        return socket;
    }

    private static String pollingSession() {
        return http + "&transport=polling&sid="
                + sidOf(RawHttp.get(http + "&transport=polling").body());
    }

    private static String sidOf(String openPacket) {
        try {
            return JSON.readTree(openPacket.substring(1)).get("sid").asText();
        } catch (Exception e) {
            throw new AssertionError("not an open packet: " + openPacket, e);
        }
    }

    private static CompletableFuture<HttpResponse<String>> getAsync(String url) {
        return HttpClient.newHttpClient()
                .sendAsync(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
