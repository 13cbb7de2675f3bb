package dev.skein.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * The long-polling transport's HTTP answers, keeping the connection open when the client asked to (a
 * session's next long-poll may come on it, or on any other), closing it otherwise. Errors close it.
 * Thread-safe: any thread may answer any channel.
 */
final class PollingResponses {
    private static final String TEXT = "text/plain; charset=UTF-8";

    /** 200 with an Engine.IO payload. */
    void payload(Channel channel, boolean keepAlive, ByteBuf body) {
        send(channel, keepAlive, response(200, TEXT, body));
    }

    /** 200 {@code ok}: the answer to a POST of packets. */
    void ok(Channel channel, boolean keepAlive) {
        send(channel, keepAlive, response(200, "text/html", Unpooled.copiedBuffer("ok", StandardCharsets.US_ASCII)));
    }

    /** 400 {@code {"code":3,"message":"Bad request"}}, and the HTTP connection closed. */
    void badRequest(Channel channel) {
        FullHttpResponse response = HttpResponses.error(400, 3, "Bad request");
        channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** A long-poll for a session that has just closed: 400, as for an unknown one. */
    void pollClosed(Channel channel) {
        FullHttpResponse response = HttpResponses.error(400, 1, "Session ID unknown");
        channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private static FullHttpResponse response(int status, String contentType, ByteBuf body) {
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return response;
    }

    private static void send(Channel channel, boolean keepAlive, FullHttpResponse response) {
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            channel.writeAndFlush(response);
            return;
        }
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
