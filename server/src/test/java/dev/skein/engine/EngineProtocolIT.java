package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skein.testing.NodeScript;
import dev.skein.testing.RawHttp;
import dev.skein.testing.TestNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Engine.IO endpoint at the HTTP level: handshake, errors, malformed input, limits, origins. */
class EngineProtocolIT {
    private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");

    private static TestNode node;

    @BeforeAll
    static void startNode() {
        node = TestNode.start(b -> b.maxPayloadBytes(10_000).corsOrigins(java.util.List.of("https://app.example")));
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    /** A session id: 20 characters of base64url (Skein's engine), or a UUID (netty-socketio's). */
    private static final String SESSION_ID = "([A-Za-z0-9_-]{20}|[0-9a-f-]{36})";

    @Test
    void handshakeAnnouncesEveryKeyOfTheSpecification() {
        HttpResponse<String> response = handshake(Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .matches("0\\{\"sid\":\"" + SESSION_ID + "\",\"upgrades\":\\[\"websocket\"],\"pingInterval\":25000,"
                        + "\"pingTimeout\":20000,\"maxPayload\":10000}");
        // netty-socketio's engine closes every polling connection; Skein's keeps it open when asked to
        assertThat(response.headers().firstValue("Connection"))
                .hasValueSatisfying(v -> assertThat(v).isIn("close", "keep-alive"));
    }

    @Test
    void badRequestsGetTheOfficialErrorAnswers() {
        assertThat(error("/socket.io/?EIO=3&transport=polling"))
                .isEqualTo("400 {\"code\":5,\"message\":\"Unsupported protocol version\"}");
        assertThat(error("/socket.io/?transport=polling"))
                .isEqualTo("400 {\"code\":5,\"message\":\"Unsupported protocol version\"}");
        assertThat(error("/socket.io/?EIO=4&transport=carrier"))
                .isEqualTo("400 {\"code\":0,\"message\":\"Transport unknown\"}");
        assertThat(error("/socket.io/?EIO=4&transport=polling&sid=nope"))
                .isEqualTo("400 {\"code\":1,\"message\":\"Session ID unknown\"}");
        HttpResponse<String> post = RawHttp.post(node.url() + "/socket.io/?EIO=4&transport=polling", "40");
        assertThat(post.statusCode() + " " + post.body())
                .isEqualTo("400 {\"code\":2,\"message\":\"Bad handshake method\"}");
    }

    @Test
    void malformedPacketClosesOnlyThatSessionAndIsCounted() {
        String bad = sidOf(handshake(Map.of()));
        String good = sidOf(handshake(Map.of()));
        post(good, "40");
        post(bad, "40");

        assertThat(post(bad, "4abc").statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(5)).until(() -> poll(bad).statusCode() == 400);
        assertThat(poll(bad).body()).contains("Session ID unknown");
        assertThat(post(good, "42[\"echo\"]").statusCode()).isEqualTo(200);
        assertThat(poll(good).body()).startsWith("40{\"sid\":\"");
        assertThat(RawHttp.get(node.managementUrl() + "/metrics").body())
                .contains("skein_packets_rejected_total{reason=\"malformed\"}");
    }

    @Test
    void oversizedPollingBodyIsRefusedWith413AndCounted() {
        String sid = sidOf(handshake(Map.of()));
        double before = rejected("oversized body");

        HttpResponse<String> response = post(sid, "42[\"echo\",\"" + "x".repeat(20_000) + "\"]");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(rejected("oversized body")).isEqualTo(before + 1);
    }

    private static double rejected(String reason) {
        return node.server()
                .metrics()
                .registry()
                .counter("skein.packets.rejected", "reason", reason)
                .count();
    }

    @Test
    void browserOriginsMustBeAllowedOrSameOrigin() {
        assertThat(handshake(Map.of("Origin", "https://evil.example")).statusCode())
                .isEqualTo(403);

        HttpResponse<String> allowed = handshake(Map.of("Origin", "https://app.example"));
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");

        HttpResponse<String> sameOrigin = handshake(Map.of("Origin", node.url()));
        assertThat(sameOrigin.statusCode()).isEqualTo(200);
        assertThat(sameOrigin.headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue(node.url());
    }

    @Test
    void demoPageAndPinnedClientBundleAreServed() {
        HttpResponse<String> page = RawHttp.get(node.url() + "/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/vendor/socket.io.min.js");
        HttpResponse<String> bundle = RawHttp.get(node.url() + "/vendor/socket.io.min.js");
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.body()).contains("Socket.IO v4.8");
        assertThat(RawHttp.get(node.url() + "/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void invalidNamespaceIsAnsweredWithAConnectErrorObject() {
        String sid = sidOf(handshake(Map.of()));

        post(sid, "40/nowhere,");

        assertThat(poll(sid).body()).isEqualTo("44/nowhere,{\"message\":\"Invalid namespace\"}");
    }

    @Test
    void theOfficialClientStillWorksAfterAllThat() {
        assertThat(NodeScript.run("transport", node.url(), "polling")).hasSize(1);
    }

    private static HttpResponse<String> handshake(Map<String, String> headers) {
        return RawHttp.get(node.url() + "/socket.io/?EIO=4&transport=polling", headers);
    }

    private static String error(String path) {
        HttpResponse<String> response = RawHttp.get(node.url() + path);
        return response.statusCode() + " " + response.body();
    }

    private static HttpResponse<String> post(String sid, String body) {
        return RawHttp.post(node.url() + "/socket.io/?EIO=4&transport=polling&sid=" + sid, body);
    }

    private static HttpResponse<String> poll(String sid) {
        return RawHttp.get(node.url() + "/socket.io/?EIO=4&transport=polling&sid=" + sid);
    }

    private static String sidOf(HttpResponse<String> handshake) {
        Matcher m = SID.matcher(handshake.body());
        assertThat(m.find()).as("sid in %s", handshake.body()).isTrue();
        return m.group(1);
    }
}
