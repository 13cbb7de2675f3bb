package dev.skein.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Coverage-guided fuzzing of the Engine.IO long-polling payload parsers: v4 (packets separated by {@code
 * 0x1e}, binary as {@code b<base64>}) and v3 ({@code <length>:<packet>}, and the binary form of
 * {@code socket.io-client} 2.x). Invariant: only {@link ProtocolException} escapes, and what comes out is
 * no bigger than what went in (no packet is invented, no buffer grows past the body). Without {@code
 * JAZZER_FUZZ} it replays {@code src/test/resources/dev/skein/protocol/EnginePayloadFuzzTestInputs/}.
 */
class EnginePayloadFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void v4Payload(byte[] body) {
        try {
            List<EngineFrame> frames = EngineFrame.splitPayload(body);
            assertThat(frames).hasSizeLessThanOrEqualTo(body.length + 1);
            checkBounded(frames, body);
        } catch (ProtocolException e) {
            assertThat(e.reason()).isEqualTo(ProtocolException.MALFORMED);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void v3Payload(byte[] body) {
        try {
            List<EngineFrame> frames = LegacyPayload.decode(body);
            assertThat(frames).hasSizeLessThanOrEqualTo(body.length);
            checkBounded(frames, body);
            for (EngineFrame frame : frames) {
                if (!frame.isBinary()) {
                    // what the server writes, the server reads back the same
                    String segment = LegacyPayload.segment(frame.text());
                    assertThat(LegacyPayload.decode(segment.getBytes(StandardCharsets.UTF_8)))
                            .singleElement()
                            .extracting(EngineFrame::text)
                            .isEqualTo(frame.text());
                }
            }
        } catch (ProtocolException e) {
            assertThat(e.reason()).isEqualTo(ProtocolException.MALFORMED);
        }
    }

    private static void checkBounded(List<EngineFrame> frames, byte[] body) {
        long size = 0;
        for (EngineFrame frame : frames) {
            size += frame.isBinary() ? frame.binary().length : frame.text().length();
            if (!frame.isBinary()) {
                try {
                    frame.type();
                } catch (ProtocolException e) {
                    // the session would be closed with 400: fine
                }
            }
        }
        assertThat(size).isLessThanOrEqualTo(body.length);
    }
}
