package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skein.testing.RawHttp;
import dev.skein.testing.RawWebSocket;
import dev.skein.testing.TestNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Origins and sessions, as they are (issue #15, item 3): a foreign browser {@code Origin} is refused on the
 * websocket handshake and on every request of an existing session, not only on the polling handshake ({@code
 * EngineProtocolIT#browserOriginsMustBeAllowedOrSameOrigin}); a client-supplied {@code io} cookie or {@code sid}
 * never picks or reaches another client's session. The Engine.IO session id is the bearer secret of its session:
 * whoever holds it may poll and post for it, so it is random (120 bits), never adopted from a request, never a
 * room or a socket id, and never set as a cookie.
 */
class OriginsAndSessionsIT {
    private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");
    private static final String EVIL = "https://evil.example";
    private static final String APP = "https://app.example";

    private static TestNode node;

    @BeforeAll
    static void startNode() {
        node = TestNode.start(b -> b.corsOrigins(List.of(APP)));
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void aForeignOriginIsRefusedOnTheWebsocketHandshakeAndCounted() {
        double before = originErrors();

        assertThat(RawWebSocket.handshakeStatus(websocketUrl(""), Map.of("Origin", EVIL)))
                .isEqualTo(403);
        assertThat(RawWebSocket.handshakeStatus(websocketUrl(""), Map.of("Origin", APP)))
                .isEqualTo(101);
        assertThat(RawWebSocket.handshakeStatus(websocketUrl(""), Map.of("Origin", node.url())))
                .isEqualTo(101);
        // a client that is not a browser sends no Origin
        assertThat(RawWebSocket.handshakeStatus(websocketUrl(""), Map.of())).isEqualTo(101);
        assertThat(originErrors()).isEqualTo(before + 1);
    }

    @Test
    void aForeignOriginCannotUpgradePollOrPostForAnExistingSession() {
        String sid = sidOf(RawHttp.get(polling("")));
        Map<String, String> evil = Map.of("Origin", EVIL);

        assertThat(RawWebSocket.handshakeStatus(websocketUrl("&sid=" + sid), evil))
                .isEqualTo(403);
        assertThat(RawHttp.get(polling("&sid=" + sid), evil).statusCode()).isEqualTo(403);
        HttpResponse<String> post = RawHttp.post(polling("&sid=" + sid), "40", evil);
        assertThat(post.statusCode()).isEqualTo(403);
        assertThat(post.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> preflight = RawHttp.request(
                "OPTIONS", polling("&sid=" + sid), Map.of("Origin", EVIL, "Access-Control-Request-Method", "POST"));
        assertThat(preflight.statusCode()).isEqualTo(403);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .isEmpty();

        // the session itself is untouched: its own client connects and gets its answer
        assertThat(RawHttp.post(polling("&sid=" + sid), "40").body()).isEqualTo("ok");
        assertThat(RawHttp.get(polling("&sid=" + sid)).body()).startsWith("40{\"sid\":\"");
    }

    @Test
    void aHandshakeNeverAdoptsASuppliedSidOrIoCookie() {
        String victim = sidOf(RawHttp.get(polling("")));
        RawHttp.post(polling("&sid=" + victim), "40");

        HttpResponse<String> withCookie = RawHttp.get(polling(""), Map.of("Cookie", "io=" + victim));
        String fromWebsocket;
        try (RawWebSocket socket = RawWebSocket.open(websocketUrl(""), Map.of("Cookie", "io=" + victim))) {
            fromWebsocket = sidOf(socket.nextText());
        }

        assertThat(sidOf(withCookie)).isNotEqualTo(victim);
        assertThat(withCookie.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(fromWebsocket).isNotEqualTo(victim).isNotEqualTo(sidOf(withCookie));
        // what was queued for the victim is still the victim's
        assertThat(RawHttp.get(polling("&sid=" + victim)).body()).startsWith("40{\"sid\":\"");
    }

    @Test
    void aMadeUpSidReachesNoSessionOverAnyRequest() {
        String madeUp = "AAAAAAAAAAAAAAAAAAAA"; // 20 characters, the shape of a real one

        assertThat(answer(RawHttp.get(polling("&sid=" + madeUp))))
                .isEqualTo("400 {\"code\":1,\"message\":\"Session ID unknown\"}");
        assertThat(answer(RawHttp.post(polling("&sid=" + madeUp), "40")))
                .isEqualTo("400 {\"code\":1,\"message\":\"Session ID unknown\"}");
        assertThat(RawWebSocket.handshakeStatus(websocketUrl("&sid=" + madeUp), Map.of()))
                .isEqualTo(400);
    }

    @Test
    void aClosedSessionsSidIsDeadForGood() {
        String sid = sidOf(RawHttp.get(polling("")));
        RawHttp.post(polling("&sid=" + sid), "1"); // the client closes

        await().atMost(Duration.ofSeconds(5))
                .until(() -> RawHttp.get(polling("&sid=" + sid)).statusCode() == 400);
        assertThat(answer(RawHttp.post(polling("&sid=" + sid), "40")))
                .isEqualTo("400 {\"code\":1,\"message\":\"Session ID unknown\"}");
    }

    @Test
    void sessionIdsAreRandomAndNeverTheSocketIdOthersMaySee() {
        Set<String> sids = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            sids.add(sidOf(RawHttp.get(polling(""))));
        }
        String sid = sids.iterator().next();
        RawHttp.post(polling("&sid=" + sid), "40");
        String socketId = sidOf(RawHttp.get(polling("&sid=" + sid)).body());

        assertThat(sids).hasSize(50).allSatisfy(s -> assertThat(s).matches("[A-Za-z0-9_-]{20}"));
        // the socket id is public (its own room, fetchSockets): it is not the session's secret
        assertThat(socketId).hasSize(20).isNotEqualTo(sid);
        assertThat(answer(RawHttp.get(polling("&sid=" + socketId))))
                .isEqualTo("400 {\"code\":1,\"message\":\"Session ID unknown\"}");
    }

    private static String polling(String more) {
        return node.url() + "/socket.io/?EIO=4&transport=polling" + more;
    }

    private static String websocketUrl(String more) {
        return node.url().replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket" + more;
    }

    private static String answer(HttpResponse<String> response) {
        return response.statusCode() + " " + response.body();
    }

    private static String sidOf(HttpResponse<String> handshake) {
        assertThat(handshake.statusCode()).as(handshake.body()).isEqualTo(200);
        return sidOf(handshake.body());
    }

    private static String sidOf(String body) {
        Matcher m = SID.matcher(body);
        assertThat(m.find()).as("sid in %s", body).isTrue();
        return m.group(1);
    }

    private static double originErrors() {
        return node.server()
                .metrics()
                .registry()
                .counter("skein.handshake.errors", "reason", "origin")
                .count();
    }
}
