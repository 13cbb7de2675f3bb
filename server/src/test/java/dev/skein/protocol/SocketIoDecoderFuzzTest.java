package dev.skein.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.skein.wire.ReservedEvents;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Coverage-guided fuzzing of the Socket.IO packet decoder: text packets and the reassembly of binary
 * attachments, one connection's worth at a time. Invariant: only {@link ProtocolException} (with one of the
 * known reasons) escapes; every packet that comes out is well formed (a client's type, an event named by a
 * string that is not reserved, no more attachments than the limit) and survives a round trip through the
 * encoder and a fresh decoder. Without {@code JAZZER_FUZZ} it replays the committed inputs under
 * {@code src/test/resources/dev/skein/protocol/SocketIoDecoderFuzzTestInputs/}.
 *
 * <p>Input: segments separated by a 0 byte; a segment starting with byte 1 is a binary attachment (the
 * rest of it), any other a text packet (UTF-8).
 */
class SocketIoDecoderFuzzTest {
    static final Set<String> REASONS = Set.of(
            ProtocolException.MALFORMED,
            "json depth",
            "json number length",
            "json string length",
            "attachments",
            "placeholder",
            "reserved event");
    private static final DecoderLimits LIMITS =
            new DecoderLimits(DecoderLimits.DEFAULT_MAX_JSON_DEPTH, DecoderLimits.DEFAULT_MAX_ATTACHMENTS, 4_096);

    @FuzzTest(maxDuration = "5m")
    void textPacketsAndAttachments(byte[] input) {
        SocketIoDecoder decoder = new SocketIoDecoder(LIMITS);
        for (byte[] segment : segments(input)) {
            try {
                Optional<SocketIoPacket> packet = segment.length > 0 && segment[0] == 1
                        ? decoder.decodeBinary(java.util.Arrays.copyOfRange(segment, 1, segment.length))
                        : decoder.decodeText(new String(segment, StandardCharsets.UTF_8));
                packet.ifPresent(SocketIoDecoderFuzzTest::checkWellFormed);
            } catch (ProtocolException e) {
                assertThat(REASONS).contains(e.reason());
                // the connection would be closed: the next segments are another client's
                decoder = new SocketIoDecoder(LIMITS);
            }
        }
    }

    private static void checkWellFormed(SocketIoPacket packet) {
        assertThat(packet.namespace()).startsWith("/");
        switch (packet.type()) {
            case EVENT -> {
                assertThat(packet.eventName()).isNotNull();
                assertThat(ReservedEvents.isReserved(packet.eventName())).isFalse();
                roundTrip(SocketIoEncoder.event(
                        packet.namespace(), packet.ackId(), packet.eventName(), packet.eventArgs()));
            }
            case ACK ->
                roundTrip(SocketIoEncoder.ack(packet.namespace(), Math.max(packet.ackId(), 0), packet.ackArgs()));
            case CONNECT, DISCONNECT, CONNECT_ERROR -> {}
            default -> throw new AssertionError("a decoder never hands out " + packet.type());
        }
    }

    /** What the server would send on decodes again, attachments and all. */
    private static void roundTrip(EncodedPacket encoded) {
        assertThat(encoded.attachments()).hasSizeLessThanOrEqualTo(DecoderLimits.DEFAULT_MAX_ATTACHMENTS);
        SocketIoDecoder again = new SocketIoDecoder(new DecoderLimits(64, 1000, Integer.MAX_VALUE));
        try {
            Optional<SocketIoPacket> decoded = again.decodeText(encoded.text());
            for (byte[] attachment : encoded.attachments()) {
                assertThat(decoded).isEmpty();
                decoded = again.decodeBinary(attachment);
            }
            assertThat(decoded).isPresent();
        } catch (ProtocolException e) {
            throw new AssertionError("the encoder wrote what the decoder refuses: " + e.getMessage(), e);
        }
    }

    static List<byte[]> segments(byte[] input) {
        List<byte[]> segments = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= input.length; i++) {
            if (i == input.length || input[i] == 0) {
                segments.add(java.util.Arrays.copyOfRange(input, start, i));
                start = i + 1;
            }
        }
        return segments;
    }
}
