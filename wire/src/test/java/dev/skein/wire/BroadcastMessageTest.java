package dev.skein.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Broadcast messages and channel names against the captures of the official adapter and emitter. */
class BroadcastMessageTest {
    private static final String ROOMS_EXCEPT_FLAGS =
            "93a6346161666c6c83a47479706502a46461746192a56d756c7469a178a36e7370a12f83a5"
                    + "726f6f6d7392a27231a27232a665786365707491a27233a5666c61677382a8766f6c6174696c65c3a8636f6d7072657373c2";
    private static final String BINARY = "93a6346161666c6c83a47479706502a46461746193a362696ec40301020381a66e6573746564"
            + "c40104a36e7370a12f83a5726f6f6d7390a665786365707490a5666c61677380";
    private static final String EMITTER_CUSTOM =
            "93a7656d697474657283a47479706502a46461746192a26576c40109a36e7370a72f6375"
                    + "73746f6d83a5726f6f6d7392a27231a27232a5666c61677382a8766f6c6174696c65c3a8636f6d7072657373c3a66578636570"
                    + "7491a27233";

    @Test
    void adapterBroadcastDecodesAndEncodesToTheCapturedBytes() throws Exception {
        BroadcastMessage message = BroadcastMessage.decode(bytes(ROOMS_EXCEPT_FLAGS));

        assertThat(message.uid()).isEqualTo("4aafll");
        assertThat(message.nsp()).isEqualTo("/");
        assertThat(message.event()).isEqualTo("multi");
        assertThat(message.args()).containsExactly("x");
        assertThat(message.rooms()).containsExactly("r1", "r2");
        assertThat(message.except()).containsExactly("r3");
        assertThat(message.isVolatile()).isTrue();
        assertThat(message.compress()).isFalse();
        assertThat(hex(message.encode())).isEqualTo(ROOMS_EXCEPT_FLAGS);
    }

    @Test
    void binaryArgumentsTravelAsMessagePackBin() throws Exception {
        BroadcastMessage built = new BroadcastMessage(
                "4aafll",
                "/",
                List.of("bin", new byte[] {1, 2, 3}, Map.of("nested", new byte[] {4})),
                new LinkedHashSet<>(),
                new LinkedHashSet<>(),
                Map.of());

        assertThat(hex(built.encode())).isEqualTo(BINARY);
        assertThat((byte[]) BroadcastMessage.decode(bytes(BINARY)).args().get(0))
                .containsExactly(1, 2, 3);
    }

    @Test
    void emitterBroadcastWithItsOwnKeyOrderDecodes() throws Exception {
        BroadcastMessage message = BroadcastMessage.decode(bytes(EMITTER_CUSTOM));

        assertThat(message.uid()).isEqualTo("emitter");
        assertThat(message.nsp()).isEqualTo("/custom");
        assertThat(message.rooms()).containsExactly("r1", "r2");
        assertThat(message.except()).containsExactly("r3");
        assertThat(message.isVolatile()).isTrue();
        assertThat(message.compress()).isTrue();
        assertThat((byte[]) message.args().get(0)).containsExactly(9);
        assertThat(hex(message.encodeAsEmitter())).isEqualTo(EMITTER_CUSTOM);
    }

    @Test
    void anEmitterBroadcastBuiltFromScratchHasTheOfficialEmittersBytes() {
        Map<String, Object> flags = new java.util.LinkedHashMap<>();
        flags.put("volatile", true);
        flags.put("compress", true);
        BroadcastMessage built = new BroadcastMessage(
                "emitter",
                "/custom",
                List.of("ev", new byte[] {9}),
                new LinkedHashSet<>(List.of("r1", "r2")),
                new LinkedHashSet<>(List.of("r3")),
                flags);

        assertThat(hex(built.encodeAsEmitter())).isEqualTo(EMITTER_CUSTOM);
    }

    @Test
    void somethingElseIsMalformed() {
        for (Object notABroadcast : List.of(List.of("uid"), Map.of("type", 2), List.of("u", "packet", Map.of()))) {
            assertThatThrownBy(() -> BroadcastMessage.decode(MsgPack.encode(notABroadcast)))
                    .isInstanceOf(MalformedMessageException.class);
        }
    }

    @Test
    void channelsAreNamedLikeTheOfficialAdapter() {
        ClusterChannels channels = ClusterChannels.defaults();

        assertThat(channels.broadcast("/")).isEqualTo("socket.io#/#");
        assertThat(channels.room("/custom", "r")).isEqualTo("socket.io#/custom#r#");
        assertThat(channels.broadcastPattern("/")).isEqualTo("socket.io#/#*");
        assertThat(channels.request("/")).isEqualTo("socket.io-request#/#");
        assertThat(channels.response("/")).isEqualTo("socket.io-response#/#");
        assertThat(channels.response("/", "4aafll")).isEqualTo("socket.io-response#/#4aafll#");
        assertThat(channels.roomOf("socket.io#/#room1#", "/")).isEqualTo("room1");
        assertThat(channels.roomOf("socket.io#/#", "/")).isEmpty();
        assertThat(channels.roomOf("socket.io#/custom#r#", "/")).isNull();
    }

    private static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
