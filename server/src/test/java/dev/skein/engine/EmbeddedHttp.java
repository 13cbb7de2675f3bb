package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Engine.IO requests and answers on embedded channels, and their clock, for the engine's unit tests. */
final class EmbeddedHttp {
    private EmbeddedHttp() {}

    /** Writes {@code request} to {@code channel} and returns the answer it wrote at once. */
    static FullHttpResponse exchange(EmbeddedChannel channel, FullHttpRequest request) {
        channel.writeInbound(request);
        FullHttpResponse response = channel.readOutbound();
        assertThat(response).as("an answer to " + request.uri()).isNotNull();
        return response;
    }

    /** A request for {@code uri} with a {@code Host} header, and {@code body} unless null. */
    static FullHttpRequest request(HttpMethod method, String uri, String body) {
        FullHttpRequest request = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1,
                method,
                uri,
                body == null ? Unpooled.EMPTY_BUFFER : Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        request.headers().set(HttpHeaderNames.HOST, "localhost");
        return request;
    }

    /** The body of {@code response} (which must be a full response), released. */
    static String body(Object response) {
        assertThat(response).isInstanceOf(FullHttpResponse.class);
        FullHttpResponse full = (FullHttpResponse) response;
        try {
            return full.content().toString(StandardCharsets.UTF_8);
        } finally {
            full.release();
        }
    }

    /** The session id of an open packet. */
    static String sid(String open) {
        int from = open.indexOf("\"sid\":\"") + 7;
        return open.substring(from, open.indexOf('"', from));
    }

    /** Moves {@code channel}'s clock forward by {@code millis}, in 5 ms steps, running what falls due. */
    static void advance(EmbeddedChannel channel, long millis) {
        for (long step = 0; step < millis; step += 5) {
            channel.advanceTimeBy(5, TimeUnit.MILLISECONDS);
            channel.runScheduledPendingTasks();
            channel.runPendingTasks();
        }
    }
}
