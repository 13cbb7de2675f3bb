package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.testing.RawTcpWebSocket;
import dev.skein.testing.TestNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Websocket permessage-deflate when enabled: large frames are compressed (RSV1 set on the wire) unless
 * sent with {@code compress(false)}; small ones never are. Off by default, like the official server. A
 * compressed message from a client inflates to at most {@code maxPayload}: a decompression bomb closes only
 * its connection, with 1009, before it is inflated whole.
 */
class CompressionIT {
    private static final String ENGINE = "/socket.io/?EIO=4&transport=websocket";
    private static final String DEFLATE = "permessage-deflate";
    private static final String BIG = "z".repeat(4_000);

    private static TestNode compressing;
    private static TestNode plain;

    @BeforeAll
    static void startNodes() {
        compressing = TestNode.start(b -> b.websocketCompression(true));
        plain = TestNode.start();
        for (TestNode node : List.of(compressing, plain)) {
            node.server()
                    .of("/zip")
                    .onConnection(socket -> socket.on("send-me", (args, ack) -> {
                        socket.emit("big", BIG);
                        socket.compress(false).emit("big-plain", BIG);
                        socket.emit("small", "tiny");
                    }));
        }
    }

    @AfterAll
    static void stopNodes() {
        compressing.close();
        plain.close();
    }

    @Test
    void largeFramesAreCompressedUnlessTheEmitSaysNot() {
        try (RawTcpWebSocket socket = RawTcpWebSocket.open(compressing.server().port(), ENGINE, 65_536, DEFLATE)) {
            assertThat(socket.handshakeResponse()).containsIgnoringCase("Sec-WebSocket-Extensions: " + DEFLATE);

            List<RawTcpWebSocket.Frame> frames = framesFor(socket);

            assertThat(frames).extracting(RawTcpWebSocket.Frame::compressed).containsExactly(true, false, false);
            assertThat(frames.get(1).text()).startsWith("42/zip,[\"big-plain\"");
            assertThat(frames.get(2).text()).isEqualTo("42/zip,[\"small\",\"tiny\"]");
        }
    }

    @Test
    void compressionIsNotNegotiatedUnlessEnabled() {
        try (RawTcpWebSocket socket = RawTcpWebSocket.open(plain.server().port(), ENGINE, 65_536, DEFLATE)) {
            assertThat(socket.handshakeResponse()).doesNotContainIgnoringCase(DEFLATE);

            assertThat(framesFor(socket))
                    .extracting(RawTcpWebSocket.Frame::compressed)
                    .containsExactly(false, false, false);
        }
    }

    @Test
    void aDecompressionBombClosesOnlyItsConnectionWith1009BeforeItIsInflated() {
        int maxPayload = 65_536;
        try (TestNode small = TestNode.start(b -> b.websocketCompression(true).maxPayloadBytes(maxPayload));
                RawTcpWebSocket bomber = connectedWithDeflate(small);
                RawTcpWebSocket healthy = connectedWithDeflate(small)) {
            // 16 MiB of one letter deflate to ~16 KiB: a frame well under maxPayload that inflates 256 times past it
            byte[] bomb = deflate("42[\"echo\",\"" + "a".repeat(16 * 1024 * 1024) + "\"]");
            assertThat(bomb.length).isLessThan(maxPayload / 2);
            // and a compressed message that inflates within maxPayload is taken as before
            healthy.sendFrame(true, 1, true, deflate("42[\"my_ping\",\"" + "b".repeat(maxPayload / 2) + "\"]"));
            assertThat(nextPacket(healthy, "42[\"my_pong\"")).startsWith("42[\"my_pong\"");

            bomber.sendFrame(true, 1, true, bomb);

            RawTcpWebSocket.Frame close = bomber.readCloseFrame();
            assertThat(close).as("a close frame").isNotNull();
            assertThat(close.closeCode()).isEqualTo(1009);
            // counted as inflating too far, not as an oversized message once inflated
            assertThat(counter(small, "skein.limits.rejected", "limit", "decompressed_bytes"))
                    .isEqualTo(1);
            assertThat(counter(small, "skein.limits.rejected", "limit", "payload_bytes"))
                    .isZero();
            healthy.sendText("42[\"my_ping\"]");
            assertThat(nextPacket(healthy, "42[\"my_pong\"")).startsWith("42[\"my_pong\"");
        }
    }

    /** A websocket to "/" with permessage-deflate negotiated, greeted. */
    private static RawTcpWebSocket connectedWithDeflate(TestNode node) {
        RawTcpWebSocket socket = RawTcpWebSocket.open(node.server().port(), ENGINE, 65_536, DEFLATE);
        assertThat(socket.handshakeResponse()).containsIgnoringCase("Sec-WebSocket-Extensions: " + DEFLATE);
        socket.readFrame();
        socket.sendText("40");
        assertThat(nextPacket(socket, "40")).startsWith("40{");
        return socket;
    }

    /** The next uncompressed packet starting with {@code prefix}, answering pings and skipping the rest. */
    private static String nextPacket(RawTcpWebSocket socket, String prefix) {
        for (int i = 0; i < 100; i++) {
            RawTcpWebSocket.Frame frame = socket.readFrame();
            String text = frame.compressed() ? "" : frame.text();
            if ("2".equals(text)) {
                socket.sendText("3");
            } else if (text.startsWith(prefix)) {
                return text;
            }
        }
        throw new AssertionError("no packet starting with " + prefix);
    }

    /** A permessage-deflate payload (RFC 7692): raw deflate, flushed, without the final empty block's tail. */
    private static byte[] deflate(String text) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(text.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[65_536];
        int length;
        while ((length = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH)) > 0) {
            out.write(buffer, 0, length);
            if (length < buffer.length) {
                break;
            }
        }
        deflater.end();
        byte[] flushed = out.toByteArray();
        return java.util.Arrays.copyOf(flushed, flushed.length - 4);
    }

    private static double counter(TestNode node, String name, String... tags) {
        return node.server().metrics().registry().counter(name, tags).count();
    }

    /** Connects to /zip, asks for the three emits and returns their frames. */
    private static List<RawTcpWebSocket.Frame> framesFor(RawTcpWebSocket socket) {
        socket.readFrame();
        socket.sendText("40/zip,");
        assertThat(socket.readFrame().text()).startsWith("40/zip,{");
        socket.sendText("42/zip,[\"send-me\"]");
        List<RawTcpWebSocket.Frame> frames = new ArrayList<>();
        while (frames.size() < 3) {
            RawTcpWebSocket.Frame frame = socket.readFrame();
            if (!"2".equals(frame.compressed() ? "" : frame.text())) {
                frames.add(frame);
            }
        }
        return frames;
    }
}
