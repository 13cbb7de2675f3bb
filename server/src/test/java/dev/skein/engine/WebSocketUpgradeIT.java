package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.testing.RawHttp;
import dev.skein.testing.RawWebSocket;
import dev.skein.testing.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The upgrade from long-polling to a websocket, step by step at the Engine.IO level, on Skein's engine. */
class WebSocketUpgradeIT {
    private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static TestNode node;

    @BeforeAll
    static void startNode() {
        node = TestNode.start();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void everyLongPollBetweenTheProbeAndTheUpgradeIsReleasedWithANoop() throws Exception {
        String polling = node.url() + "/socket.io/?EIO=4&transport=polling";
        Matcher sid = SID.matcher(RawHttp.get(polling).body());
        assertThat(sid.find()).isTrue();
        String session = polling + "&sid=" + sid.group(1);
        assertThat(RawHttp.post(session, "40").body()).isEqualTo("ok");
        assertThat(RawHttp.get(session).body()).startsWith("40{\"sid\":\"");
        CompletableFuture<HttpResponse<String>> pending = longPoll(session);

        try (RawWebSocket probe = RawWebSocket.open(
                node.url().replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket&sid=" + sid.group(1))) {
            probe.send("2probe");
            assertThat(probe.nextText()).isEqualTo("3probe");
            assertThat(pending.get(5, TimeUnit.SECONDS).body()).endsWith("6");

            // a client may poll once more before it reads the probe's answer; it pauses polling only once that
            // long-poll returns, so it must not wait for the next ping
            assertThat(longPoll(session).get(3, TimeUnit.SECONDS).body()).isEqualTo("6");

            probe.send("5");
            probe.send("421[\"echo\",\"upgraded\"]");
            assertThat(probe.nextAnsweringPings()).isEqualTo("431[\"upgraded\"]");
        }
    }

    private static CompletableFuture<HttpResponse<String>> longPoll(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }
}
