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

/**
 * {@code socket.io-client} 2.x (Engine.IO v3, Socket.IO protocol v4) under Node: accepted by a node with
 * {@code allowEio3}, refused by a default one, and sharing broadcasts with v4 clients.
 */
class LegacyClientIT {
    private static TestNode allowing;
    private static TestNode refusing;

    @BeforeAll
    static void startNodes() {
        allowing = TestNode.start(b -> b.allowEio3(true));
        refusing = TestNode.start();
    }

    @AfterAll
    static void stopNodes() {
        allowing.close();
        refusing.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling", "upgrade"})
    void v2ClientAcknowledgesBothWaysSendsBinaryAndUsesRooms(String transports) {
        JsonNode result = single(NodeScript.run("legacy", allowing.url(), transports));

        assertThat(result.path("transport").asText()).isEqualTo("polling".equals(transports) ? "polling" : "websocket");
        assertThat(result.path("ack").toString()).isEqualTo("[\"a\",1,{\"x\":true},\"0102ff\"]");
        assertThat(result.path("answered").asText()).isEqualTo("answer to ping?");
        assertThat(result.path("room").asText()).isEqualTo("hello v2");
    }

    @Test
    void oneBinaryBroadcastReachesV2AndV4ClientsOnBothTransportsIntact() {
        JsonNode result = single(NodeScript.run("mixed", allowing.url(), "websocket"));

        for (String client : List.of("v2polling", "v2websocket", "v4polling", "v4websocket")) {
            assertThat(result.path(client).asText()).as(client).isEqualTo("00041eff0a");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void v2ClientIsRefusedUnlessAllowed(String transports) {
        assertThat(single(NodeScript.run("legacyRefused", refusing.url(), transports))
                        .path("refused")
                        .asBoolean())
                .isTrue();
        assertThat(single(NodeScript.run("legacyRefused", allowing.url(), transports))
                        .path("refused")
                        .asBoolean())
                .isFalse();
    }

    private static JsonNode single(List<JsonNode> lines) {
        assertThat(lines).hasSize(1);
        return lines.get(0);
    }
}
