package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.testing.RawTcpWebSocket;
import dev.skein.testing.TestNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Websocket permessage-deflate when enabled: large frames are compressed (RSV1 set on the wire) unless
 * sent with {@code compress(false)}; small ones never are. Off by default, like the official server.
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
