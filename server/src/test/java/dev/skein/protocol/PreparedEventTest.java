package dev.skein.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreparedEventTest {
    @Test
    void theOffsetIsTheLastArgumentOfTheSamePacket() {
        List<Object> args = List.of(Map.of("a", 1), "two");
        List<Object> withOffset = new ArrayList<>(args);
        withOffset.add("17");

        EncodedPacket spliced = PreparedEvent.of("/", "news", args).withOffset("17");

        EncodedPacket encoded = SocketIoEncoder.event("/", SocketIoPacket.NO_ACK, "news", withOffset);
        assertThat(spliced.text()).isEqualTo(encoded.text()).isEqualTo("2[\"news\",{\"a\":1},\"two\",\"17\"]");
        assertThat(spliced.event()).isEqualTo("news");
        assertThat(spliced.eventArgs())
                .as("listeners see the arguments, not the offset")
                .isEqualTo(args);
    }

    @Test
    void anEventWithoutArgumentsAndAnotherNamespace() {
        assertThat(PreparedEvent.of("/chat", "ping", List.of())
                        .withOffset("1700000000000-3")
                        .text())
                .isEqualTo("2/chat,[\"ping\",\"1700000000000-3\"]");
        assertThat(PreparedEvent.of("/chat", "ping", List.of()).plain().text())
                .isEqualTo(SocketIoEncoder.event("/chat", SocketIoPacket.NO_ACK, "ping", List.of())
                        .text());
    }

    @Test
    void binaryArgumentsKeepTheirAttachments() {
        byte[] blob = "blob".getBytes(StandardCharsets.UTF_8);
        EncodedPacket spliced = PreparedEvent.of("/", "file", List.of(blob)).withOffset("5");

        assertThat(spliced.text()).isEqualTo("51-[\"file\",{\"_placeholder\":true,\"num\":0},\"5\"]");
        assertThat(spliced.attachments()).containsExactly(blob);
    }

    @Test
    void anEventReadFromALogParsesItsArgumentsOnlyWhenAsked() {
        byte[] blob = {1, 2, 3};
        PreparedEvent original = PreparedEvent.of("/", "mixed", List.of(Map.of("n", 1), blob));

        PreparedEvent logged = PreparedEvent.fromLog("/", "mixed", original.array(), original.attachments());

        EncodedPacket packet = logged.withOffset("9-0");
        assertThat(packet.text()).isEqualTo(original.withOffset("9-0").text());
        assertThat(packet.eventArgs().get(0)).isEqualTo(Map.of("n", 1));
        assertThat((byte[]) packet.eventArgs().get(1)).containsExactly(1, 2, 3);
    }
}
