package dev.skein.clientdemo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

class RoomChatTest {
    @Test
    void printsTheDemosMessagesWithTheirRoomCountAndNode() {
        JSONObject message = new JSONObject(Map.of("data", "hi", "count", 4, "room", "lobby", "node", "node-2"));

        assertThat(RoomChat.format(new Object[] {"my_response", message})).isEqualTo("[lobby #4 @node-2] hi");
        assertThat(RoomChat.format(
                        new Object[] {"my_response", new JSONObject(Map.of("data", "Connected", "count", 0))}))
                .isEqualTo("[#0] Connected");
    }

    @Test
    void printsAnyOtherEventWithItsArguments() {
        assertThat(RoomChat.format(new Object[] {"my_pong", new JSONObject(Map.of("node", "n1"))}))
                .isEqualTo("my_pong {\"node\":\"n1\"}");
        assertThat(RoomChat.format(new Object[] {"file", new byte[] {1, 2, 3}, 7}))
                .isEqualTo("file <3 bytes> 7");
        assertThat(RoomChat.format(new Object[] {"bare"})).isEqualTo("bare");
    }
}
