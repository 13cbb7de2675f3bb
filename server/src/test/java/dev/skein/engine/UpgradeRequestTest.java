package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The websocket transport asked for in a request that is no websocket upgrade. Found by {@link
 * HttpRequestFuzzTest} (input {@code crash-upgrade-header-not-websocket}): an {@code Upgrade} header other than
 * {@code websocket} made Netty's handshake throw after the pipeline had been rebuilt, and the connection was
 * closed without an answer, as an unexpected error. The official answer is 400 {@code {"code":3}}.
 */
class UpgradeRequestTest {
    private final EmbeddedEngine engine = new EmbeddedEngine();

    @AfterEach
    void stop() {
        engine.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Upgrade: we;socket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: a2V5\r\n",
                "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: a2V5\r\n",
                "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n",
                "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: a2V5\r\n",
                ""
            })
    void aWebsocketHandshakeThatIsNoUpgradeGets400NotAnUnexpectedError(String headers) {
        String answer =
                exchange("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400 ").endsWith("{\"code\":3,\"message\":\"Bad request\"}");
        assertThat(engine.unexpectedErrors()).isZero();
    }

    @Test
    void aPostForTheWebsocketTransportOfASessionGets400() {
        String open = exchange("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n");
        String sid = EmbeddedHttp.sid(open.substring(open.indexOf("0{")));

        String answer = exchange("POST /socket.io/?EIO=4&transport=websocket&sid=" + sid
                + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: a2V5\r\nContent-Length: 0\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400 ").endsWith("{\"code\":3,\"message\":\"Bad request\"}");
        assertThat(engine.unexpectedErrors()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"99", "0", "13, 8", ""})
    void aWebsocketVersionSkeinDoesNotSpeakGets426AndHoldsNoSession(String version) {
        String answer = exchange("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: a2V5\r\n"
                + "Sec-WebSocket-Version: " + version + "\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 426 ").containsIgnoringCase("sec-websocket-version: 13");
        assertThat(engine.liveSessions())
                .as("no session waits for a ping timeout")
                .isZero();
        assertThat(engine.unexpectedErrors()).isZero();
    }

    @Test
    void anUpgradeOfAPollingSessionWithAnUnspokenVersionGets426AndTheSessionStaysOnPolling() {
        String open = exchange("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n");
        String sid = EmbeddedHttp.sid(open.substring(open.indexOf("0{")));

        String upgrade = exchange("GET /socket.io/?EIO=4&transport=websocket&sid=" + sid
                + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 6\r\nSec-WebSocket-Key: a2V5\r\n\r\n");
        String post = exchange("POST /socket.io/?EIO=4&transport=polling&sid=" + sid
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n40");

        assertThat(upgrade).startsWith("HTTP/1.1 426 ");
        assertThat(post)
                .as("the session still takes polling requests")
                .startsWith("HTTP/1.1 200 ")
                .endsWith("ok");
        assertThat(engine.unexpectedErrors()).isZero();
    }

    private String exchange(String request) {
        EmbeddedChannel channel = engine.connect();
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
        channel.runPendingTasks();
        StringBuilder out = new StringBuilder();
        for (Object message = channel.readOutbound(); message != null; message = channel.readOutbound()) {
            out.append(((ByteBuf) message).toString(StandardCharsets.ISO_8859_1));
            ((ByteBuf) message).release();
        }
        return out.toString();
    }
}
