package dev.skein.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Requests and responses written byte for byte like the captured official adapter's. */
class ClusterMessagesTest {
    private static final String UID = "4aafll";

    @Test
    void jsonRequestsMatchTheCaptures() {
        assertThat(json(ClusterMessages.allRooms(UID, "CLVCfJ")))
                .isEqualTo("{\"uid\":\"4aafll\",\"requestId\":\"CLVCfJ\",\"type\":1}");
        assertThat(json(ClusterMessages.join(UID, set(), set(), set("joined"))))
                .isEqualTo(
                        "{\"uid\":\"4aafll\",\"type\":2,\"opts\":{\"rooms\":[],\"except\":[]},\"rooms\":[\"joined\"]}");
        assertThat(json(ClusterMessages.leave(UID, set("room1"), set("x"), set("joined"))))
                .isEqualTo("{\"uid\":\"4aafll\",\"type\":3,\"opts\":{\"rooms\":[\"room1\"],\"except\":[\"x\"]},"
                        + "\"rooms\":[\"joined\"]}");
        assertThat(json(ClusterMessages.fetch(UID, "XMGIaY", set("room1"), set())))
                .isEqualTo("{\"uid\":\"4aafll\",\"requestId\":\"XMGIaY\",\"type\":5,\"opts\":{\"rooms\":[\"room1\"],"
                        + "\"except\":[]}}");
        assertThat(json(ClusterMessages.serverSideEmit(UID, null, List.of("ping-servers", 1, "a"))))
                .isEqualTo("{\"uid\":\"4aafll\",\"type\":6,\"data\":[\"ping-servers\",1,\"a\"]}");
        assertThat(json(ClusterMessages.serverSideEmit(UID, "tCTtyd", List.of("ping-servers", 2))))
                .isEqualTo("{\"uid\":\"4aafll\",\"requestId\":\"tCTtyd\",\"type\":6,\"data\":[\"ping-servers\",2]}");
        assertThat(json(ClusterMessages.disconnect(UID, set(), set(), true)))
                .isEqualTo("{\"uid\":\"4aafll\",\"type\":4,\"opts\":{\"rooms\":[],\"except\":[]},\"close\":true}");
    }

    @Test
    void jsonResponsesMatchTheCaptures() {
        assertThat(json(ClusterMessages.allRoomsResponse("CLVCfJ", set("zU92E-p8Ut5cafZhAAAA", "room1"))))
                .isEqualTo("{\"requestId\":\"CLVCfJ\",\"rooms\":[\"zU92E-p8Ut5cafZhAAAA\",\"room1\"]}");
        assertThat(json(ClusterMessages.serverSideEmitResponse("tCTtyd", "pong-from-B")))
                .isEqualTo("{\"type\":6,\"requestId\":\"tCTtyd\",\"data\":\"pong-from-B\"}");
        assertThat(json(ClusterMessages.clientCount("bD5X5t", 1)))
                .isEqualTo("{\"type\":8,\"requestId\":\"bD5X5t\",\"clientCount\":1}");
    }

    @Test
    void messagePackRequestAndAckMatchTheCaptures() throws Exception {
        BroadcastMessage broadcast = new BroadcastMessage(UID, "/", List.of("with-ack", 7), set(), set(), Map.of());

        assertThat(hex(ClusterMessages.broadcastWithAck(UID, "bD5X5t", broadcast, 1000)
                        .encode()))
                .isEqualTo("85a3756964a6346161666c6ca9726571756573744964a6624435583574a47479706507a67061636b657483a474"
                        + "79706502a46461746192a8776974682d61636b07a36e7370a12fa46f70747383a5726f6f6d7390a66578636570"
                        + "7490a5666c61677381a774696d656f7574cd03e8");
        assertThat(hex(ClusterMessages.broadcastAck("bD5X5t", "client-answer-7").encode()))
                .isEqualTo(
                        "83a47479706509a9726571756573744964a6624435583574a67061636b6574af636c69656e742d616e737765722d37");
    }

    @Test
    void decodesBothEncodingsAndTellsTheType() throws Exception {
        ClusterMessage fromJson =
                ClusterMessage.decode("{\"type\":4,\"opts\":{\"rooms\":[],\"except\":[\"room1\"]},\"close\":false}"
                        .getBytes(StandardCharsets.UTF_8));
        ClusterMessage fromMsgPack = ClusterMessage.decode(
                ClusterMessages.broadcastAck("r1", List.of(1)).encode());

        assertThat(fromJson.type()).isEqualTo(RequestType.REMOTE_DISCONNECT);
        assertThat(fromJson.uid()).isNull();
        assertThat(fromMsgPack.type()).isEqualTo(RequestType.BROADCAST_ACK);
        assertThat(fromMsgPack.requestId()).isEqualTo("r1");
        assertThat(ClusterMessage.decode("{\"requestId\":\"x\",\"rooms\":[]}".getBytes(StandardCharsets.UTF_8))
                        .type())
                .isNull();
    }

    @Test
    void garbageIsMalformed() {
        assertThatThrownBy(() -> ClusterMessage.decode("{nope".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> ClusterMessage.decode(MsgPack.encode(List.of(1))))
                .isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> ClusterMessage.decode("{\"type\":42}".getBytes(StandardCharsets.UTF_8))
                        .type())
                .isInstanceOf(MalformedMessageException.class);
    }

    private static Set<String> set(String... values) {
        return new LinkedHashSet<>(List.of(values));
    }

    private static String json(ClusterMessage message) {
        return new String(message.encode(), StandardCharsets.UTF_8);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
