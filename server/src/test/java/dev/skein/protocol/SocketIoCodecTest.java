package dev.skein.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SocketIoCodecTest {
    private final SocketIoDecoder decoder = new SocketIoDecoder();

    @Test
    void decodesEventWithNamespaceAndAckId() throws Exception {
        SocketIoPacket packet =
                decoder.decodeText("2/chat,12[\"hello\",1,{\"a\":[true,null]}]").orElseThrow();

        assertThat(packet.type()).isEqualTo(SocketIoPacketType.EVENT);
        assertThat(packet.namespace()).isEqualTo("/chat");
        assertThat(packet.ackId()).isEqualTo(12);
        assertThat(packet.eventName()).isEqualTo("hello");
        assertThat(packet.eventArgs()).containsExactly(1, Map.of("a", Arrays.asList(true, null)));
    }

    @Test
    void decodesConnectWithAndWithoutAuth() throws Exception {
        assertThat(decoder.decodeText("0").orElseThrow().auth()).isNull();
        assertThat(decoder.decodeText("0/admin,{\"token\":\"t\"}").orElseThrow().auth())
                .isEqualTo(Map.of("token", "t"));
    }

    @Test
    void reassemblesBinaryEventFromItsAttachments() throws Exception {
        assertThat(decoder.decodeText(
                        "52-[\"up\",{\"_placeholder\":true,\"num\":0},{\"b\":{\"_placeholder\":true,\"num\":1}}]"))
                .isEmpty();
        assertThat(decoder.decodeBinary(new byte[] {1, 2})).isEmpty();
        SocketIoPacket packet = decoder.decodeBinary(new byte[] {3}).orElseThrow();

        assertThat(packet.type()).isEqualTo(SocketIoPacketType.EVENT);
        assertThat((byte[]) packet.eventArgs().get(0)).containsExactly(1, 2);
        assertThat((byte[]) ((Map<?, ?>) packet.eventArgs().get(1)).get("b")).containsExactly(3);
        assertThat(decoder.awaitingAttachments()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "7",
                "a",
                "2",
                "2{}",
                "2[]",
                "2[1]",
                "2[\"e\"",
                "3{}",
                "1{}",
                "4",
                "0[]",
                "2[\"e\"]x",
                "5[\"e\"]",
                "5x-[\"e\"]",
                "59999-[\"e\"]",
                "2123456789012345678[\"e\"]",
                "2null"
            })
    void rejectsMalformedPackets(String text) {
        assertThatThrownBy(() -> new SocketIoDecoder().decodeText(text)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void rejectsAttachmentsOutOfPlace() throws Exception {
        assertThatThrownBy(() -> decoder.decodeBinary(new byte[] {1})).isInstanceOf(ProtocolException.class);
        decoder.decodeText("51-[\"e\",{\"_placeholder\":true,\"num\":0}]");
        assertThatThrownBy(() -> decoder.decodeText("2[\"e\"]")).isInstanceOf(ProtocolException.class);
        SocketIoDecoder other = new SocketIoDecoder();
        other.decodeText("51-[\"e\",{\"_placeholder\":true,\"num\":5}]");
        assertThatThrownBy(() -> other.decodeBinary(new byte[] {1})).isInstanceOf(ProtocolException.class);
    }

    @Test
    void encodesEventsAcksAndControlPackets() {
        assertThat(SocketIoEncoder.event("/", SocketIoPacket.NO_ACK, "hi", List.of("x", 1))
                        .text())
                .isEqualTo("2[\"hi\",\"x\",1]");
        assertThat(SocketIoEncoder.event("/chat", 7, "hi", List.of()).text()).isEqualTo("2/chat,7[\"hi\"]");
        assertThat(SocketIoEncoder.ack("/", 3, List.of("ok")).text()).isEqualTo("33[\"ok\"]");
        assertThat(SocketIoEncoder.connect("/", "abc").text()).isEqualTo("0{\"sid\":\"abc\"}");
        assertThat(SocketIoEncoder.connectError("/x", "Invalid namespace", null).text())
                .isEqualTo("4/x,{\"message\":\"Invalid namespace\"}");
        assertThat(SocketIoEncoder.disconnect("/x").text()).isEqualTo("1/x,");
    }

    @Test
    void encodesBinaryAsPlaceholdersInOrder() throws Exception {
        EncodedPacket packet = SocketIoEncoder.event(
                "/", SocketIoPacket.NO_ACK, "bin", List.of(new byte[] {1}, Map.of("k", new byte[] {2, 3})));

        assertThat(packet.text())
                .isEqualTo("52-[\"bin\",{\"_placeholder\":true,\"num\":0},{\"k\":{\"_placeholder\":true,\"num\":1}}]");
        assertThat(packet.attachments()).hasSize(2);
        assertThat(packet.attachments().get(1)).containsExactly(2, 3);

        SocketIoDecoder roundTrip = new SocketIoDecoder();
        roundTrip.decodeText(packet.text());
        roundTrip.decodeBinary(packet.attachments().get(0));
        SocketIoPacket decoded =
                roundTrip.decodeBinary(packet.attachments().get(1)).orElseThrow();
        assertThat((byte[]) decoded.eventArgs().get(0)).containsExactly(1);
    }

    @Test
    void splitsPollingPayloadsWithBinarySegments() throws Exception {
        List<EngineFrame> frames = EngineFrame.splitPayload("42[\"a\"]\u001ebAQI=\u001e3".getBytes());

        assertThat(frames).hasSize(3);
        assertThat(frames.get(0).text()).isEqualTo("42[\"a\"]");
        assertThat(frames.get(1).binary()).containsExactly(1, 2);
        assertThat(frames.get(2).type()).isEqualTo(EnginePacketType.PONG);
        assertThatThrownBy(() -> EngineFrame.splitPayload("b!!".getBytes())).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> EngineFrame.text("9").type()).isInstanceOf(ProtocolException.class);
    }
}
