package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import dev.skein.testing.RawPolling;
import dev.skein.testing.RawTcpHttp;
import dev.skein.testing.RawTcpWebSocket;
import dev.skein.testing.RawWebSocket;
import dev.skein.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-client limits with real sockets: a client that stops reading loses volatile packets first and is
 * cut off once its bounded queue is full; an oversized websocket message (one frame, or continuation frames
 * adding up) closes only its connection, with 1009; an oversized polling body (with a length, or chunked
 * without one) gets 413 and its connection closed. Each case is counted, and a healthy client on the same
 * node gets everything.
 */
class LimitsIT {
    private static final int QUEUE_LIMIT = 64;
    private static final int MAX_PAYLOAD = 10_000;
    private static final String ENGINE = "/socket.io/?EIO=4&transport=websocket";
    private static final String CHUNK = "x".repeat(8_000);

    private static TestNode node;

    @BeforeAll
    static void startNode() {
        node = TestNode.start(b -> b.maxQueuedPacketsPerClient(QUEUE_LIMIT).maxPayloadBytes(MAX_PAYLOAD));
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void volatilePacketsToAStalledClientAreDroppedNotQueued() {
        try (RawTcpWebSocket stalled = stalledClient();
                RawWebSocket healthy = healthyClient()) {
            double droppedBefore = counter("skein.packets.dropped.volatile");
            double cutOffBefore = counter("skein.clients.disconnected.slow");

            int sent = flood(healthy, true, () -> counter("skein.packets.dropped.volatile") > droppedBefore + 100);

            assertThat(counter("skein.packets.dropped.volatile")).isGreaterThan(droppedBefore + 100);
            assertThat(counter("skein.clients.disconnected.slow")).isEqualTo(cutOffBefore);
            assertThat(sent).isPositive();
            assertStillServed(healthy);
        }
    }

    @Test
    void stalledClientIsCutOffAtItsQueueLimitWhileOthersGetEverything() {
        try (RawTcpWebSocket stalled = stalledClient();
                RawWebSocket healthy = healthyClient()) {
            double cutOffBefore = counter("skein.clients.disconnected.slow");

            flood(healthy, false, () -> counter("skein.clients.disconnected.slow") > cutOffBefore);

            assertThat(counter("skein.clients.disconnected.slow")).isEqualTo(cutOffBefore + 1);
            assertStillServed(healthy);
            // once it reads again, it finds what was written before the cut-off, then the end of its connection
            assertThat(stalled.readUntilClosed()).isEqualTo(RawTcpWebSocket.Ending.CLOSE_FRAME);
        }
    }

    @Test
    void oversizedWebsocketMessageClosesOnlyItsConnection() {
        try (RawTcpWebSocket big = connected(RawTcpWebSocket.open(node.server().port(), ENGINE, 65_536, null));
                RawWebSocket healthy = healthyClient()) {
            double before = counter("skein.packets.rejected", "reason", "oversized or corrupt frame");

            big.sendText("42[\"echo\",\"" + "y".repeat(MAX_PAYLOAD * 2) + "\"]");

            // closed, not silent: with bytes of the oversized message still unread, the server's close may
            // arrive as a reset that discards its close frame, so either ending will do, but not 5 s of silence
            assertThatCode(big::readUntilClosed)
                    .as("the server closes the connection")
                    .doesNotThrowAnyException();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> counter("skein.packets.rejected", "reason", "oversized or corrupt frame") > before);
            assertStillServed(healthy);
        }
    }

    @Test
    void websocketFragmentsAddingUpPastMaxPayloadCloseOnlyTheirConnectionWith1009() {
        try (RawTcpWebSocket fragmented =
                        connected(RawTcpWebSocket.open(node.server().port(), ENGINE, 65_536, null));
                RawWebSocket healthy = healthyClient()) {
            double before = counter("skein.limits.rejected", "limit", "payload_bytes");
            // under the limit, fragments are one message
            fragmented.sendFrame(false, 1, false, "421[\"echo\",\"ab".getBytes(StandardCharsets.UTF_8));
            fragmented.sendFrame(true, 0, false, "cd\"]".getBytes(StandardCharsets.UTF_8));
            assertThat(fragmented.nextPacket("43")).isEqualTo("431[\"abcd\"]");

            // three fragments of 4,000 bytes, each under maxPayload, together over it; the message never ends
            byte[] chunk = "z".repeat(4_000).getBytes(StandardCharsets.UTF_8);
            fragmented.sendFrame(
                    false, 1, false, ("422[\"echo\",\"" + "z".repeat(3_988)).getBytes(StandardCharsets.UTF_8));
            fragmented.sendFrame(false, 0, false, chunk);
            fragmented.sendFrame(false, 0, false, chunk);

            RawTcpWebSocket.Frame close = fragmented.readCloseFrame();
            assertThat(close).as("a close frame").isNotNull();
            assertThat(close.closeCode()).isEqualTo(1009);
            assertThat(counter("skein.limits.rejected", "limit", "payload_bytes"))
                    .isEqualTo(before + 1);
            assertThat(counter("skein.packets.rejected", "reason", "oversized message"))
                    .isPositive();
            assertStillServed(healthy);
        }
    }

    @Test
    void aPollingBodyPastMaxPayloadChunkedOrAnnouncedGets413AndItsConnectionClosed() {
        int port = node.server().port();
        RawPolling session = RawPolling.open("127.0.0.1", port);
        String path = "/socket.io/?EIO=4&transport=polling&sid=" + session.sid();
        try (RawWebSocket healthy = healthyClient()) {
            // under the limit, a chunked body is taken like any other
            try (RawTcpHttp small = RawTcpHttp.connect("127.0.0.1", port)) {
                small.write(chunkedHead(port, path) + "2\r\n40\r\n0\r\n\r\n");
                RawTcpHttp.Response ok = small.read();
                assertThat(ok.status()).isEqualTo(200);
                assertThat(ok.body()).isEqualTo("ok");
            }
            double before = counter("skein.limits.rejected", "limit", "payload_bytes");

            // a keep-alive request whose chunks add up past maxPayload, and whose body never ends
            try (RawTcpHttp big = RawTcpHttp.connect("127.0.0.1", port)) {
                big.write(chunkedHead(port, path));
                String chunk = "fa0\r\n" + "x".repeat(4_000) + "\r\n";
                big.write(chunk + chunk + chunk);

                assertThat(big.read().status()).isEqualTo(413);
                assertThat(big.closedByServer()).as("the connection is closed").isTrue();
            }
            // a keep-alive request announcing a body past maxPayload: refused, and its connection closed (Netty alone
            // would keep it open and read all of the announced body)
            try (RawTcpHttp announced = RawTcpHttp.connect("127.0.0.1", port)) {
                announced.write(chunkedHead(port, path)
                        .replace("Transfer-Encoding: chunked", "Content-Length: " + MAX_PAYLOAD * 1_000));

                assertThat(announced.read().status()).isEqualTo(413);
                assertThat(announced.closedByServer())
                        .as("the connection is closed")
                        .isTrue();
            }
            assertThat(counter("skein.limits.rejected", "limit", "payload_bytes"))
                    .isEqualTo(before + 2);
            assertThat(counter("skein.packets.rejected", "reason", "oversized body"))
                    .isPositive();
            assertStillServed(healthy);
        } finally {
            // like the official server, the refused POST left the session open: end it, so that it does not
            // take the other tests' broadcasts
            session.close();
        }
    }

    /** The head of a chunked keep-alive POST to {@code path}, blank line included, without its body. */
    private static String chunkedHead(int port, String path) {
        return RawTcpHttp.request("POST", port, path, "Transfer-Encoding: chunked", "Content-Type: text/plain")
                        .replace("Connection: close\r\n", "")
                + "\r\n";
    }

    /** A client connected to "/" that then stops reading, with a 4 KiB receive buffer. */
    private static RawTcpWebSocket stalledClient() {
        return connected(RawTcpWebSocket.open(node.server().port(), ENGINE, 4_096, null));
    }

    private static RawTcpWebSocket connected(RawTcpWebSocket socket) {
        socket.readFrame();
        socket.sendText("40");
        assertThat(socket.readFrame().text()).startsWith("40{");
        return socket;
    }

    private static RawWebSocket healthyClient() {
        RawWebSocket socket = RawWebSocket.open(node.url().replace("http://", "ws://") + ENGINE);
        socket.nextText();
        socket.send("40");
        assertThat(socket.nextAnsweringPings()).asString().startsWith("40{");
        // the demo app greets every connection
        assertThat(socket.nextAnsweringPings()).asString().startsWith("42[\"my_response\"");
        return socket;
    }

    /**
     * Broadcasts 8 KB packets in batches, each batch read by {@code healthy} before the next (a healthy
     * client never fills its queue), until {@code done} or 4,000 packets. Volatile packets may be dropped
     * for the healthy client too (its socket buffer can be momentarily full), so a volatile batch ends
     * with a round trip instead. Returns how many were sent.
     */
    private static int flood(RawWebSocket healthy, boolean asVolatile, java.util.function.BooleanSupplier done) {
        int sent = 0;
        while (!done.getAsBoolean() && sent < 4_000) {
            for (int i = 0; i < 16; i++, sent++) {
                if (asVolatile) {
                    node.server().sockets().to().asVolatile().emit("flood", CHUNK);
                } else {
                    node.server().emit("flood", CHUNK);
                }
            }
            if (asVolatile) {
                assertStillServed(healthy);
                continue;
            }
            for (int i = 0; i < 16; i++) {
                assertThat(healthy.nextAnsweringPings()).asString().startsWith("42[\"flood\"");
            }
        }
        return sent;
    }

    private static void assertStillServed(RawWebSocket healthy) {
        healthy.send("421[\"echo\",\"still here\"]");
        Object answer = healthy.nextAnsweringPings();
        while (answer.toString().startsWith("42[\"flood\"")) {
            answer = healthy.nextAnsweringPings();
        }
        assertThat(answer).isEqualTo("431[\"still here\"]");
    }

    private static double counter(String name, String... tags) {
        return node.server().metrics().registry().counter(name, tags).count();
    }
}
