package dev.skein.nettysocketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skein.nettysocketio.app.ChatApplication;
import dev.skein.testing.NodeScript;
import dev.skein.testing.ServerProcess;
import dev.skein.testing.TestEnvironment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The netty-socketio test application ({@link ChatApplication}, netty-socketio's API alone) on {@link
 * SkeinSocketIOServer} and on netty-socketio's own {@code SocketIOServer}, in the same JVM, driven by the official
 * JavaScript client v4 through the same steps ({@code server/src/test/js/netty-socketio-app.mjs}): Skein's answers are
 * checked one by one, then netty-socketio's are shown to be the same except for the differences {@code
 * docs/netty-socketio.md} lists, each asserted here.
 */
class ChatApplicationIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCRIPT = "netty-socketio-app.mjs";

    private static final AtomicInteger skeinFailures = new AtomicInteger();
    private static final AtomicInteger nettyFailures = new AtomicInteger();
    private static SkeinSocketIOServer skein;
    private static SocketIOServer netty;
    private static int nettyPort;

    @BeforeAll
    static void startBothServers() {
        Configuration skeinConfig = ChatApplication.configuration(TestEnvironment.LOOPBACK, 0);
        ChatApplication.countFailures(skeinConfig, skeinFailures);
        skein = new SkeinSocketIOServer(skeinConfig);
        ChatApplication.install(skein);
        skein.start();

        nettyPort = ServerProcess.freePort();
        Configuration nettyConfig = ChatApplication.configuration(TestEnvironment.LOOPBACK, nettyPort);
        ChatApplication.countFailures(nettyConfig, nettyFailures);
        netty = new SocketIOServer(nettyConfig);
        ChatApplication.install(netty);
        netty.start();
    }

    @AfterAll
    static void stopBothServers() {
        if (skein != null) {
            skein.stop();
        }
        if (netty != null) {
            netty.stop();
        }
    }

    @Test
    void theApplicationAnswersAsWrittenOnSkein() {
        for (String transport : List.of("websocket", "polling")) {
            Map<String, JsonNode> steps = run(TestEnvironment.url(skein.port()), transport);
            assertSkeinAnswers(steps);
        }
        assertThat(skeinFailures)
                .as("the failing event reached the ExceptionListener")
                .hasPositiveValue();
    }

    @Test
    void clientsSeeWhatNettySocketioShowedThemExceptTheListedDifferences() {
        Map<String, JsonNode> onSkein = run(TestEnvironment.url(skein.port()), "websocket");
        Map<String, JsonNode> onNetty = run(TestEnvironment.url(nettyPort), "websocket");
        assertThat(onNetty.keySet()).isEqualTo(onSkein.keySet());

        // 1. a refused AuthorizationListener: netty-socketio answers the handshake 401 (the client reads a transport
        // error and would retry); Skein answers the CONNECT with CONNECT_ERROR {"message":"Not authorized"}
        assertThat(onNetty.get("authorization").path("refused").asBoolean()).isTrue();
        assertThat(onNetty.get("authorization").path("error").path("message").asText())
                .isEqualTo("websocket error");
        // 2. the client's socket.id is the session UUID on netty-socketio, Skein's socket id on Skein (and the
        // session id is made from it)
        JsonNode nettyWho = onNetty.get("whoami");
        assertThat(nettyWho.path("socketId").asText())
                .isEqualTo(nettyWho.path("sessionId").asText());
        // 3. netty-socketio puts a 0x04 byte before every binary websocket frame (upstream issue #940)
        assertThat(onNetty.get("echo-binary").path("hex").asText()).isEqualTo("04ff00030201");
        // and corrupts a binary broadcast to more than one client (its issues #734, #900): a client gets the file with
        // the extra byte, or a packet it cannot decode
        for (String client : List.of("bob", "carol")) {
            JsonNode file = onNetty.get("file").path(client);
            assertThat(file.isNull() || file.path("hex").asText().equals("0401020300ff"))
                    .as("%s's file on netty-socketio: %s", client, file)
                    .isTrue();
        }
        // 4. getRoomOperations("red", "blue") reached a client in both rooms twice on netty-socketio
        assertThat(onNetty.get("multi").path("alice").asInt()).isEqualTo(2);
        // 5. netty-socketio skipped the auth token listener for a CONNECT without auth, and admitted it
        assertThat(onNetty.get("admin-refused").path("noAuth").asText()).isEqualTo("connected");

        Map<String, List<String>> differences = Map.of(
                "authorization", List.of("error"),
                "whoami", List.of("socketId", "sessionId"),
                "echo-binary", List.of("hex"),
                "file", List.of("bob", "carol", "clientErrors"),
                "multi", List.of("alice"),
                "admin-refused", List.of("noAuth"));
        for (String step : onSkein.keySet()) {
            assertThat(without(onNetty.get(step), differences.get(step)))
                    .as("step %s", step)
                    .isEqualTo(without(onSkein.get(step), differences.get(step)));
        }
        assertThat(nettyFailures).hasPositiveValue();
    }

    private static void assertSkeinAnswers(Map<String, JsonNode> steps) {
        assertThat(steps.get("authorization").path("error"))
                .isEqualTo(json("{\"message\":\"Not authorized\",\"data\":null}"));
        assertThat(steps.get("welcome")).isEqualTo(json("{\"alice\":{\"user\":\"alice\"},\"bob\":{\"user\":\"bob\"}}"));
        JsonNode who = steps.get("whoami");
        assertThat(who.path("user").asText()).isEqualTo("alice");
        assertThat(who.path("sameClient").asBoolean()).isTrue();
        assertThat(who.path("clients").asInt()).isEqualTo(3);
        assertThat(UUID.fromString(who.path("sessionId").asText()))
                .isEqualTo(SessionIds.of(who.path("socketId").asText()));
        // the POJO's null field is left out, as netty-socketio's NON_NULL JSON does
        assertThat(steps.get("join").path("alice"))
                .isEqualTo(json("{\"room\":\"lobby\",\"rooms\":[\"\",\"lobby\"],\"size\":1}"));
        JsonNode chat = json("{\"room\":\"lobby\",\"user\":\"alice\",\"text\":\"hi\"}");
        assertThat(steps.get("chat")).isEqualTo(json("{\"bob\":" + chat + ",\"alice\":" + chat + "}"));
        assertThat(steps.get("pair").path("answer").asText()).isEqualTo("x:7");
        assertThat(steps.get("echo-binary")).isEqualTo(json("{\"isBuffer\":true,\"hex\":\"ff00030201\"}"));
        JsonNode file = json("{\"name\":\"a.bin\",\"isBuffer\":true,\"hex\":\"01020300ff\"}");
        assertThat(steps.get("file"))
                .isEqualTo(json("{\"size\":5,\"bob\":" + file + ",\"carol\":" + file
                        + ",\"aliceGotIt\":0,\"clientErrors\":0}"));
        assertThat(steps.get("ask").path("answered").asText()).isEqualTo("FOUR");
        assertThat(steps.get("poll").path("result")).isEqualTo(json("[\"no\",\"yes\",\"yes\"]"));
        assertThat(steps.get("multi")).isEqualTo(json("{\"alice\":1,\"bob\":1,\"carol\":0}"));
        assertThat(steps.get("shout")).isEqualTo(json("{\"alice\":\"hey\",\"carol\":\"hey\",\"bob\":0}"));
        assertThat(steps.get("noop").path("args")).isEqualTo(json("[]"));
        assertThat(steps.get("boom").path("boom").asText()).isEqualTo("no ack");
        JsonNode adminOnly = json("{\"message\":\"admin only\",\"data\":{\"code\":403}}");
        assertThat(steps.get("admin-refused"))
                .isEqualTo(json("{\"noAuth\":" + adminOnly + ",\"wrongKey\":" + adminOnly + "}"));
        assertThat(steps.get("admin")).isEqualTo(json("{\"welcome\":[\"/admin\",\"admins\"],\"announce\":\"sent\"}"));
        assertThat(steps.get("announcement")).isEqualTo(json("{\"alice\":\"maintenance\",\"bob\":\"maintenance\"}"));
        assertThat(steps.get("pong").path("pongs").asBoolean()).isTrue();
        assertThat(steps.get("bye").path("reason").asText()).isEqualTo("io server disconnect");
    }

    private static Map<String, JsonNode> run(String url, String transport) {
        Map<String, JsonNode> steps = new LinkedHashMap<>();
        for (JsonNode line : NodeScript.runScript(SCRIPT, url, transport)) {
            ObjectNode fields = line.deepCopy();
            steps.put(fields.remove("step").asText(), fields);
        }
        return steps;
    }

    private static JsonNode without(JsonNode step, List<String> fields) {
        ObjectNode copy = step.deepCopy();
        if (fields != null) {
            copy.remove(fields);
        }
        return copy;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
