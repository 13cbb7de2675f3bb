package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided fuzzing of the HTTP side, through the real pipeline on an embedded channel (decoder,
 * request guard, aggregator, CORS, the Engine.IO endpoint): handshake queries, and whole raw requests.
 * Invariant: nothing reaches the last handler as an unexpected error, {@link EngineQuery#parse} never
 * throws, and a request with a fuzzed query gets exactly one of the answers the endpoint gives. Without
 * {@code JAZZER_FUZZ} it replays {@code src/test/resources/dev/skein/engine/HttpRequestFuzzTestInputs/}.
 */
class HttpRequestFuzzTest {
    private static final Set<String> STATUSES = Set.of("101", "200", "400", "403", "404", "414", "431");
    private static final EmbeddedEngine ENGINE = new EmbeddedEngine();

    @AfterAll
    static void stop() {
        ENGINE.close();
    }

    @FuzzTest(maxDuration = "5m")
    void handshakeQueries(FuzzedDataProvider data) {
        String method = data.pickValue(new String[] {"GET", "POST", "OPTIONS", "PUT"});
        String query = data.consumeString(600);
        boolean upgrade = data.consumeBoolean();
        EngineQuery.parse("/socket.io/?" + query);

        EmbeddedChannel channel = ENGINE.connect();
        String request = method + " /socket.io/?" + query + " HTTP/1.1\r\nHost: localhost\r\n"
                + (upgrade
                        ? "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        : "")
                + "Content-Length: 0\r\n\r\n";
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.UTF_8));
        channel.runPendingTasks();
        String answer = firstOutbound(channel);
        if (answer != null) {
            assertThat(answer).startsWith("HTTP/1.1 ");
            assertThat(STATUSES).contains(answer.substring(9, 12));
        } else {
            assertThat(channel.isOpen())
                    .as("a request is answered or its connection closed")
                    .isFalse();
        }
        ENGINE.finish(channel);
        assertThat(ENGINE.unexpectedErrors()).isZero();
    }

    @FuzzTest(maxDuration = "5m")
    void rawRequests(byte[] bytes) {
        EmbeddedChannel channel = ENGINE.connect();
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        channel.runPendingTasks();
        long written = EmbeddedEngine.drain(channel);
        assertThat(written).isLessThanOrEqualTo(4_096L + 2L * bytes.length);
        ENGINE.finish(channel);
        assertThat(ENGINE.unexpectedErrors()).isZero();
    }

    private static String firstOutbound(EmbeddedChannel channel) {
        StringBuilder out = new StringBuilder();
        for (Object message = channel.readOutbound(); message != null; message = channel.readOutbound()) {
            if (message instanceof ByteBuf buf) {
                out.append(buf.toString(StandardCharsets.ISO_8859_1));
            }
            io.netty.util.ReferenceCountUtil.release(message);
        }
        return out.length() == 0 ? null : out.toString();
    }
}
