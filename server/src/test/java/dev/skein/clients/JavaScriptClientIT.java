package dev.skein.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.testing.NodeScript;
import dev.skein.testing.TestNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The official JavaScript client ({@code socket.io-client} 4.8 from npm, run by Node) against a real node. */
class JavaScriptClientIT {
    private static TestNode node;

    @BeforeAll
    static void startNode() {
        node = TestNode.start();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling", "upgrade"})
    void connectsAndAcknowledgesInBothDirections(String transports) {
        JsonNode result = single(NodeScript.run("transport", node.url(), transports));

        String expectedTransport = "polling".equals(transports) ? "polling" : "websocket";
        assertThat(result.path("transport").asText()).isEqualTo(expectedTransport);
        assertThat(result.path("connectedWith").asText())
                .isEqualTo("websocket".equals(transports) ? "websocket" : "polling");
        assertThat(result.path("ack").toString()).isEqualTo("[\"a\",1,{\"x\":true},null]");
        assertThat(result.path("answered").asText()).isEqualTo("answer to ping?");
        assertThat(result.path("id").asText()).hasSize(20);
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void binaryArgumentsArriveByteExactInBroadcastsAndAcks(String transports) {
        JsonNode result = single(NodeScript.run("binary", node.url(), transports));

        // each client of the room gets the same bytes: no stray 0x04 prefix, no shared-packet corruption
        assertThat(result.path("roomAtA").asText()).isEqualTo("0001020304ff");
        assertThat(result.path("roomAtB").asText()).isEqualTo("0001020304ff");
        assertThat(result.path("ackFirst").asText()).isEqualTo("090807");
        assertThat(result.path("ackNested").asText()).isEqualTo("04");
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void roomBroadcastReachesExactlyTheRoom(String transports) {
        JsonNode result = single(NodeScript.run("roomsBeforeLeave", node.url(), transports));

        assertThat(result.path("a").toString()).isEqualTo("[\"to r\"]");
        assertThat(result.path("b").toString()).isEqualTo("[\"to r\"]");
        assertThat(result.path("c").toString()).isEqualTo("[]");
    }

    @Test
    void leavingARoomStopsItsBroadcastsAndBroadcastSkipsTheSender() {
        JsonNode result = single(NodeScript.run("rooms", node.url(), "websocket"));

        assertThat(result.path("afterLeave").path("a").toString()).isEqualTo("[\"after leave\"]");
        assertThat(result.path("afterLeave").path("b").toString()).isEqualTo("[]");
        assertThat(result.path("afterLeave").path("c").toString()).isEqualTo("[]");
        assertThat(result.path("shouted").toString()).isEqualTo("{\"a\":0,\"b\":1,\"c\":1}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void serverSideDisconnectTellsTheClientNotToReconnect(String transports) {
        JsonNode result = single(NodeScript.run("serverDisconnect", node.url(), transports));

        assertThat(result.path("reason").asText()).isEqualTo("io server disconnect");
        assertThat(result.path("active").asBoolean()).isFalse();
    }

    private static JsonNode single(List<JsonNode> lines) {
        assertThat(lines).hasSize(1);
        return lines.get(0);
    }
}
