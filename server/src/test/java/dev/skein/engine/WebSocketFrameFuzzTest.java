package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided fuzzing of a websocket session's inbound path, through the real post-upgrade pipeline
 * (frame decoder, UTF-8 check, message aggregator, {@link WebSocketHandler}, the connection, the Socket.IO
 * session and its decoder) on an embedded channel: a joined client sends fuzzed frames (whole masked frames
 * of any opcode, fragments, or raw bytes). Invariant: nothing reaches the last handler as an unexpected
 * error, nothing escapes, and what the server writes back stays bounded. Without {@code JAZZER_FUZZ} it
 * replays {@code src/test/resources/dev/skein/engine/WebSocketFrameFuzzTestInputs/}.
 */
class WebSocketFrameFuzzTest {
    private static final int[] OPCODES = {0x0, 0x1, 0x2, 0x8, 0x9, 0xA, 0x3};
    private static final EmbeddedEngine ENGINE = new EmbeddedEngine();

    @AfterAll
    static void stop() {
        ENGINE.close();
    }

    @FuzzTest(maxDuration = "5m")
    void framesFromAJoinedClient(FuzzedDataProvider data) {
        EmbeddedChannel channel = ENGINE.websocketSession();
        long written = 0;
        int sent = 0;
        while (data.remainingBytes() > 0 && channel.isOpen()) {
            byte[] bytes = data.consumeBoolean()
                    ? EmbeddedEngine.maskedFrame(
                            data.pickValue(OPCODES), data.consumeBoolean(), data.consumeBytes(data.consumeInt(0, 300)))
                    : data.consumeBytes(data.consumeInt(1, 64));
            sent += bytes.length;
            channel.writeInbound(Unpooled.wrappedBuffer(bytes));
            channel.runPendingTasks();
            written += EmbeddedEngine.drain(channel);
        }
        // every answer is an ack, a pong or a close: a few bytes per byte sent, plus the framing
        assertThat(written).isLessThanOrEqualTo(64L + 4L * sent);
        ENGINE.finish(channel);
        assertThat(ENGINE.unexpectedErrors()).isZero();
        assertThat(ENGINE.liveSessions()).isZero();
    }
}
