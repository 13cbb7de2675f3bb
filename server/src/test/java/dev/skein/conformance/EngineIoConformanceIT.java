package dev.skein.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skein.testing.RawHttp;
import dev.skein.testing.RawWebSocket;
import dev.skein.testing.ServerProcess;
import dev.skein.testing.TestEnvironment;
import dev.skein.testing.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every behaviour the official Engine.IO v4 protocol test suite checks, against the raw Engine.IO echo
 * endpoint ({@code /engine.io/}) of the real jar started with {@code SKEIN_PROFILE=conformance}, at the
 * raw HTTP and websocket level. Where two requests race on separate
 * connections, the test accepts every order the protocol allows; no result is decided by timing alone, and
 * every wait is bounded.
 */
class EngineIoConformanceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final String SEPARATOR = "\u001e";
    private static final String UNKNOWN_SESSION = "{\"code\":1,\"message\":\"Session ID unknown\"}";
    private static final String BAD_REQUEST = "{\"code\":3,\"message\":\"Bad request\"}";

    private static ServerProcess server;
    private static int port;
    private static String http;
    private static String ws;

    @BeforeAll
    static void startConformanceServer() {
        port = ServerProcess.freePort();
        server = ServerProcess.onLoopback(port, Map.of("SKEIN_PROFILE", "conformance"));
        http = TestEnvironment.url(port) + "/engine.io/?EIO=4";
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
    class Handshake {
        @Test
        void pollingHandshakeAnnouncesTheReferenceServersValues() throws Exception {
            HttpResponse<String> response = RawHttp.get(http + "&transport=polling");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).startsWith("0");
            JsonNode open = JSON.readTree(response.body().substring(1));
            assertThat(fieldNames(open))
                    .containsExactlyInAnyOrder("sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload");
            assertThat(open.get("sid").isTextual()).isTrue();
            assertThat(open.get("upgrades").toString()).isEqualTo("[\"websocket\"]");
            assertThat(open.get("pingInterval").asInt()).isEqualTo(300);
            assertThat(open.get("pingTimeout").asInt()).isEqualTo(200);
            assertThat(open.get("maxPayload").asInt()).isEqualTo(1_000_000);
        }

        @Test
        void websocketHandshakeAnnouncesTheSameValuesWithoutUpgrades() throws Exception {
            try (RawWebSocket socket = RawWebSocket.open(ws + "&transport=websocket")) {
                String open = socket.nextText();

                assertThat(open).startsWith("0");
                JsonNode values = JSON.readTree(open.substring(1));
                assertThat(fieldNames(values))
                        .containsExactlyInAnyOrder("sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload");
                assertThat(values.get("sid").isTextual()).isTrue();
                assertThat(values.get("upgrades").toString()).isEqualTo("[]");
                assertThat(values.get("pingInterval").asInt()).isEqualTo(300);
                assertThat(values.get("pingTimeout").asInt()).isEqualTo(200);
                assertThat(values.get("maxPayload").asInt()).isEqualTo(1_000_000);
            }
        }

        @Test
        void missingOrUnknownProtocolVersionIsAnsweredWithCode5() {
            String base = http.replace("?EIO=4", "?");
            for (String query : List.of("transport=polling", "EIO=abc&transport=polling", "EIO=3&transport=polling")) {
                HttpResponse<String> response = RawHttp.get(base + query);

                assertThat(response.statusCode()).as(query).isEqualTo(400);
                assertThat(response.body())
                        .as(query)
                        .isEqualTo("{\"code\":5,\"message\":\"Unsupported protocol version\"}");
            }
        }

        @Test
        void missingOrUnknownTransportIsAnsweredWithCode0() {
            for (String url : List.of(http, http + "&transport=abc")) {
                HttpResponse<String> response = RawHttp.get(url);

                assertThat(response.statusCode()).as(url).isEqualTo(400);
                assertThat(response.body()).as(url).isEqualTo("{\"code\":0,\"message\":\"Transport unknown\"}");
            }
        }

        @Test
        void handshakeByPostOrPutIsAnsweredWithCode2() {
            String url = http + "&transport=polling";
            for (HttpResponse<String> response : List.of(RawHttp.post(url, ""), RawHttp.put(url, ""))) {
                assertThat(response.statusCode()).isEqualTo(400);
                assertThat(response.body()).isEqualTo("{\"code\":2,\"message\":\"Bad handshake method\"}");
            }
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

        @Test
        void browsersOfAnyOriginMayConnectLikeToTheReferenceServer() {
            HttpResponse<String> response =
                    RawHttp.get(http + "&transport=polling", Map.of("Origin", "https://anywhere.example"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin"))
                    .hasValue("https://anywhere.example");
        }
    }

    @Nested
    class PollingMessages {
        @Test
        void onePostedTextMessageComesBackOnTheNextPoll() {
            String session = pollingSession();

            HttpResponse<String> posted = RawHttp.post(session, "4hello");

            assertThat(posted.statusCode()).isEqualTo(200);
            assertThat(posted.body()).isEqualTo("ok");
            assertThat(RawHttp.get(session).body()).isEqualTo("4hello");
        }

        @Test
        void severalPostedMessagesComeBackInOrderInOnePayload() {
            String session = pollingSession();
            String payload = String.join(SEPARATOR, "4test1", "4test2", "4test3");

            assertThat(RawHttp.post(session, payload).body()).isEqualTo("ok");

            assertThat(RawHttp.get(session).body()).isEqualTo(payload);
        }

        @Test
        void textAndBase64BinaryMessagesComeBackAsTheyWereSent() {
            String session = pollingSession();
            // "b" + base64 of the bytes 1, 2, 3, 4
            String payload = "4hello" + SEPARATOR + "bAQIDBA==";

            assertThat(RawHttp.post(session, payload).body()).isEqualTo("ok");

            assertThat(RawHttp.get(session).body()).isEqualTo(payload);
        }

        @Test
        void nonAsciiTextComesBackAsUtf8() {
            String session = pollingSession();

            RawHttp.post(session, "4héllo ✓ 🎉");

            assertThat(RawHttp.get(session).body()).isEqualTo("4héllo ✓ 🎉");
        }

        @Test
        void malformedPostIsABadRequestAndEndsTheSession() {
            String session = pollingSession();

            assertThat(RawHttp.post(session, "abc").statusCode()).isEqualTo(400);

            assertUnknown(session);
        }

        @Test
        void twoLongPollsAtOnceEndTheSession() {
            String session = pollingSession();

            List<HttpResponse<String>> answers = List.of(getAsync(session), getAsync(session)).stream()
                    .map(CompletableFuture::join)
                    .toList();

            // whichever arrived first waited and is released with CLOSE; the other is refused
            assertThat(answers)
                    .extracting(r -> r.statusCode() + " " + r.body())
                    .containsExactlyInAnyOrder("200 1", "400 " + BAD_REQUEST);
            assertUnknown(session);
        }

        @Test
        void aLongPollWhoseConnectionClosesEndsTheSession() throws IOException {
            String session = pollingSession();

            pollThenHangUp(session);

            // a POST, not a poll: a poll would end the session anyway, as a second poll at once, were the
            // given-up one still pending. The hang-up reaches the session on its own event loop, which a POST
            // on another connection may beat: the session must end, bounded, not before that POST
            await().atMost(CLOSE_WAIT)
                    .until(() -> RawHttp.post(session, "4hello").statusCode() == 400);
            assertUnknown(session);
        }
    }

    @Nested
    class WebsocketMessages {
        @Test
        void textMessageComesBack() {
            try (RawWebSocket socket = echoSocket()) {
                socket.send("4hello");

                assertThat(socket.nextAnsweringPings()).isEqualTo("4hello");
            }
        }

        @Test
        void binaryMessageComesBackAsBinary() {
            try (RawWebSocket socket = echoSocket()) {
                socket.send(new byte[] {1, 2, 3, 4});

                assertThat(socket.nextAnsweringPings()).isEqualTo(new byte[] {1, 2, 3, 4});
            }
        }

        @Test
        void messagesComeBackInOrder() {
            try (RawWebSocket socket = echoSocket()) {
                socket.send("4one");
                socket.send(new byte[] {2});
                socket.send("4three");

                assertThat(socket.nextAnsweringPings()).isEqualTo("4one");
                assertThat(socket.nextAnsweringPings()).isEqualTo(new byte[] {2});
                assertThat(socket.nextAnsweringPings()).isEqualTo("4three");
            }
        }

        @Test
        void malformedPacketClosesTheConnection() {
            try (RawWebSocket socket = echoSocket()) {
                socket.send("abc");

                assertThat(socket.awaitClosed(CLOSE_WAIT)).isTrue();
            }
        }

        @Test
        void theConnectionOutlivesTheConnectTimeoutSinceNoNamespaceIsExpected() {
            try (RawWebSocket socket = echoSocket()) {
                // four pings answered take past pingInterval * 4 = 1,200 ms, beyond the 1,000 ms connect timeout
                for (int i = 0; i < 4; i++) {
                    assertThat(socket.nextText()).isEqualTo("2");
                    socket.send("3");
                }
                socket.send("4still here");

                assertThat(socket.nextAnsweringPings()).isEqualTo("4still here");
            }
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

            HttpResponse<String> waiting = RawHttp.get(session);

            // released with CLOSE at the ping timeout, or refused when it came after it
            assertThat(waiting.statusCode() + " " + waiting.body()).isIn("200 1", "400 " + UNKNOWN_SESSION);
            assertUnknown(session);
        }

        @Test
        void websocketClientGetsPingsAndAnswersThem() {
            try (RawWebSocket socket = echoSocket()) {
                for (int i = 0; i < 3; i++) {
                    assertThat(socket.nextText()).isEqualTo("2");
                    socket.send("3");
                }
                assertThat(socket.isClosed()).isFalse();
            }
        }

        @Test
        void websocketIsClosedWhenThePongNeverComes() {
            try (RawWebSocket socket = echoSocket()) {
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
            assertUnknown(session);
        }

        @Test
        void websocketClientCloseClosesTheConnection() {
            try (RawWebSocket socket = echoSocket()) {
                socket.send("1");

                assertThat(socket.awaitClosed(CLOSE_WAIT)).isTrue();
            }
        }
    }

    @Nested
    class Upgrade {
        @Test
        void probeIsAnsweredAndThePendingPollReleasedWithANoop() {
            String sid = sidOf(RawHttp.get(http + "&transport=polling").body());
            try (RawWebSocket socket = RawWebSocket.open(ws + "&transport=websocket&sid=" + sid)) {
                socket.send("2probe");
                assertThat(socket.nextText()).isEqualTo("3probe");

                HttpResponse<String> poll = RawHttp.get(http + "&transport=polling&sid=" + sid);

                assertThat(poll.statusCode()).isEqualTo(200);
                // the NOOP ends the payload; a server ping may precede it when the machine is slow
                List<String> packets = Arrays.asList(poll.body().split(SEPARATOR));
                assertThat(packets.get(packets.size() - 1)).isEqualTo("6");
                assertThat(packets.subList(0, packets.size() - 1)).allMatch("2"::equals);

                socket.send("5");
                socket.send("4hello");
                assertThat(socket.nextAnsweringPings()).isEqualTo("4hello");
            }
        }

        @Test
        void longPollAfterTheUpgradeGets400() {
            String sid = sidOf(RawHttp.get(http + "&transport=polling").body());
            try (RawWebSocket socket = upgrade(sid)) {
                HttpResponse<String> poll = RawHttp.get(http + "&transport=polling&sid=" + sid);

                assertThat(poll.statusCode()).isEqualTo(400);
                assertThat(poll.body()).isEqualTo(BAD_REQUEST);
                socket.send("4still here");
                assertThat(socket.nextAnsweringPings()).isEqualTo("4still here");
            }
        }

        @Test
        void secondWebsocketAfterTheUpgradeIsClosedAtOnce() {
            String sid = sidOf(RawHttp.get(http + "&transport=polling").body());
            try (RawWebSocket upgraded = upgrade(sid);
                    RawWebSocket second = RawWebSocket.open(ws + "&transport=websocket&sid=" + sid)) {
                assertThat(second.awaitClosed(CLOSE_WAIT)).isTrue();

                upgraded.send("4hello");
                assertThat(upgraded.nextAnsweringPings()).isEqualTo("4hello");
            }
        }

        @Test
        void upgradedConnectionKeepsItsHeartbeatOnItsNewEventLoop() {
            // a handshake on a connection of its own: the websocket, accepted next, gets the next event loop
            // (Netty deals them in turn), so that the upgrade moves the connection there
            String sid = sidOf(getAsync(http + "&transport=polling").join().body());
            try (RawWebSocket socket = upgrade(sid)) {
                for (int i = 0; i < 2; i++) {
                    assertThat(socket.nextText()).isEqualTo("2");
                    socket.send("3");
                }
                assertThat(socket.nextText()).isEqualTo("2");

                assertThat(socket.awaitClosed(CLOSE_WAIT)).isTrue();
            }
        }

        /** An upgraded websocket, proven upgraded by an echo that came back on it. */
        private RawWebSocket upgrade(String sid) {
            RawWebSocket socket = RawWebSocket.open(ws + "&transport=websocket&sid=" + sid);
            socket.send("2probe");
            assertThat(socket.nextText()).isEqualTo("3probe");
            socket.send("5");
            socket.send("4upgraded");
            assertThat(socket.nextAnsweringPings()).isEqualTo("4upgraded");
            return socket;
        }
    }

    @Nested
    class Endpoint {
        @Test
        void socketIoIsStillServedBesideTheEcho() {
            String sid = sidOf(RawHttp.get(http.replace("/engine.io/", "/socket.io/") + "&transport=polling")
                    .body());
            String session = http.replace("/engine.io/", "/socket.io/") + "&transport=polling&sid=" + sid;

            RawHttp.post(session, "40");

            assertThat(RawHttp.get(session).body()).startsWith("40{\"sid\":");
        }

        @Test
        void echoIsServedOnlyWhenTheConfigurationAsksForIt() {
            try (TestNode plain = TestNode.start();
                    TestNode echoing = TestNode.start(b -> b.engineEcho(true))) {
                String path = "/engine.io/?EIO=4&transport=polling";

                assertThat(RawHttp.get(plain.url() + path).statusCode()).isEqualTo(404);
                assertThat(RawHttp.get(echoing.url() + path).body()).startsWith("0{\"sid\":");
            }
        }
    }

    /** A websocket to the echo endpoint, past its handshake. */
    private static RawWebSocket echoSocket() {
        RawWebSocket socket = RawWebSocket.open(ws + "&transport=websocket");
        assertThat(socket.nextText()).startsWith("0{");
        return socket;
    }

    private static String pollingSession() {
        return http + "&transport=polling&sid="
                + sidOf(RawHttp.get(http + "&transport=polling").body());
    }

    private static void assertUnknown(String session) {
        HttpResponse<String> response = RawHttp.get(session);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(UNKNOWN_SESSION);
    }

    /**
     * Sends a long-poll on its own TCP connection, then hangs up: half-closes, and waits for the server to
     * close its side, by which time the server has read the poll.
     */
    private static void pollThenHangUp(String session) throws IOException {
        String target = session.substring(session.indexOf("/engine.io/"));
        try (Socket socket = new Socket()) {
            socket.setSoTimeout((int) CLOSE_WAIT.toMillis());
            socket.connect(new InetSocketAddress(TestEnvironment.LOOPBACK, port), (int) CLOSE_WAIT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + TestEnvironment.LOOPBACK + ":" + port + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            assertThat(in.readAllBytes())
                    .as("nothing answered to a long-poll that was given up")
                    .isEmpty();
        }
    }

    private static String sidOf(String openPacket) {
        try {
            return JSON.readTree(openPacket.substring(1)).get("sid").asText();
        } catch (Exception e) {
            throw new AssertionError("not an open packet: " + openPacket, e);
        }
    }

    private static CompletableFuture<HttpResponse<String>> getAsync(String url) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .sendAsync(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
