package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.metrics.SkeinMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP request guard on an embedded channel with its own clock: a request must arrive whole within the
 * timeout (slowloris: 408), an idle connection is closed, a request waiting for its answer is not, and a
 * request the decoder could not read gets 414, 431 or 400 instead of travelling on.
 */
class HttpRequestGuardTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final SkeinMetrics metrics = new SkeinMetrics();
    private final List<FullHttpRequest> received = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(
            new HttpRequestDecoder(),
            new HttpResponseEncoder(),
            new HttpRequestGuard(TIMEOUT, metrics),
            new HttpObjectAggregator(1_000_000),
            new SimpleChannelInboundHandler<FullHttpRequest>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                    received.add(request.retain());
                }
            },
            new ConnectionErrorHandler(metrics));

    @AfterEach
    void release() {
        received.forEach(FullHttpRequest::release);
        channel.finishAndReleaseAll();
        metrics.close();
    }

    @Test
    void aConnectionThatSaysNothingIsClosedAfterTheTimeoutWithoutAnAnswer() {
        EmbeddedHttp.advance(channel, TIMEOUT.toMillis() - 100);
        assertThat(channel.isOpen()).isTrue();

        EmbeddedHttp.advance(channel, 200);

        assertThat(channel.isOpen()).isFalse();
        assertThat(outbound()).isEmpty();
        assertThat(rejected("http request timeout")).isZero();
    }

    @Test
    void headersTricklingInGet408WhenTheTimeoutPasses() {
        String request = "GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\nX-Slow: ";
        for (char c : request.toCharArray()) {
            write(String.valueOf(c));
            EmbeddedHttp.advance(channel, 10);
        }
        assertThat(channel.isOpen()).isTrue();

        EmbeddedHttp.advance(channel, TIMEOUT.toMillis());

        assertThat(outbound()).startsWith("HTTP/1.1 408 Request Timeout");
        assertThat(channel.isOpen()).isFalse();
        assertThat(received).isEmpty();
        assertThat(rejected("http request timeout")).isEqualTo(1);
    }

    @Test
    void aBodyThatStopsHalfWayGets408() {
        write("POST /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n4hello");

        EmbeddedHttp.advance(channel, TIMEOUT.toMillis() + 100);

        assertThat(outbound()).startsWith("HTTP/1.1 408 Request Timeout");
        assertThat(received).isEmpty();
    }

    @Test
    void aWholeRequestWaitingForItsAnswerIsNotTimedButTheIdleConnectionAfterItIs() {
        write("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(received).hasSize(1);

        EmbeddedHttp.advance(channel, TIMEOUT.toMillis() * 3);
        assertThat(channel.isOpen()).as("a long-poll waits as long as it must").isTrue();

        channel.writeAndFlush(HttpResponses.text(200, "ok").retain());
        channel.runPendingTasks();
        assertThat(outbound()).startsWith("HTTP/1.1 200 OK");
        EmbeddedHttp.advance(channel, TIMEOUT.toMillis() + 100);

        assertThat(channel.isOpen()).as("idle after the answer").isFalse();
    }

    @Test
    void aRequestAnsweredAtOnceLeavesTheConnectionIdleNotReading() {
        SimpleChannelInboundHandler<FullHttpRequest> answering = new SimpleChannelInboundHandler<>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                ctx.writeAndFlush(HttpResponses.text(200, "ok").retain());
            }
        };
        channel.pipeline()
                .addAfter(channel.pipeline().context(HttpObjectAggregator.class).name(), "answering", answering);
        write("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(outbound()).startsWith("HTTP/1.1 200 OK");

        EmbeddedHttp.advance(channel, TIMEOUT.toMillis() + 100);

        assertThat(channel.isOpen()).isFalse();
        assertThat(outbound())
                .as("an idle connection is closed without an answer")
                .isEmpty();
        assertThat(rejected("http request timeout")).isZero();
    }

    @Test
    void aRequestLineOver4096BytesGets414() {
        write("GET /socket.io/?EIO=4&x=" + "a".repeat(5_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(outbound()).startsWith("HTTP/1.1 414 ");
        assertThat(received).isEmpty();
        assertThat(rejected("bad http request")).isEqualTo(1);
    }

    @Test
    void headersOver8192BytesGet431() {
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            headers.append("X-").append(i).append(": y\r\n");
        }
        write("GET /socket.io/?EIO=4 HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n");

        assertThat(outbound()).startsWith("HTTP/1.1 431 Request Header Fields Too Large");
        assertThat(received).isEmpty();
    }

    @Test
    void aBrokenChunkGets400AndThePartialBodyGoesNowhere() {
        write("POST /socket.io/?EIO=4 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\n4abcd\r\nzz\r\n");

        assertThat(outbound()).startsWith("HTTP/1.1 400 Bad Request");
        assertThat(received).isEmpty();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void theHttp2PrefaceGets505AndWhatFollowsItIsDropped() {
        write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

        assertThat(outbound()).startsWith("HTTP/1.1 505 HTTP Version Not Supported");
        assertThat(received).isEmpty();
        assertThat(rejected("bad http request")).as("counted once").isEqualTo(1);
    }

    @Test
    void aTransferEncodingOtherThanChunkedGets400() {
        write("POST /socket.io/?EIO=4 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, xchunked\r\n\r\n"
                + "5\r\n4abcd\r\n0\r\n\r\n");

        assertThat(outbound()).startsWith("HTTP/1.1 400 Bad Request");
        assertThat(received).as("the body went nowhere").isEmpty();
        assertThat(rejected("bad http request")).isEqualTo(1);
    }

    private void write(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    }

    private String outbound() {
        StringBuilder out = new StringBuilder();
        for (Object message = channel.readOutbound(); message != null; message = channel.readOutbound()) {
            ByteBuf bytes = (ByteBuf) message;
            out.append(bytes.toString(StandardCharsets.ISO_8859_1));
            bytes.release();
        }
        return out.toString();
    }

    private double rejected(String reason) {
        return metrics.registry()
                .counter("skein.packets.rejected", "reason", reason)
                .count();
    }
}
