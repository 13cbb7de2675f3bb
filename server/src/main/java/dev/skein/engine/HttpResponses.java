package dev.skein.engine;

import dev.skein.protocol.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP answers of the Engine.IO endpoint. Each says {@code Connection: close} and then closes:
 * netty-socketio binds one long-poll per channel, and a response must not promise a keep-alive it will
 * not keep.
 */
final class HttpResponses {
    private HttpResponses() {}

    static FullHttpResponse of(int status, String contentType, ByteBuf body) {
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }

    static FullHttpResponse text(int status, String body) {
        return of(status, "text/plain; charset=UTF-8", Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    }

    /** An Engine.IO error: {@code {"code": <code>, "message": "<message>"}}. */
    static FullHttpResponse error(int status, int code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        return json(status, error);
    }

    static FullHttpResponse json(int status, Object value) {
        byte[] body;
        try {
            body = Json.MAPPER.writeValueAsBytes(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return of(status, "application/json", Unpooled.wrappedBuffer(body));
    }

    static void send(Channel channel, FullHttpResponse response, ChannelPromise promise) {
        channel.writeAndFlush(response, promise).addListener(ChannelFutureListener.CLOSE);
    }

    static void send(Channel channel, FullHttpResponse response) {
        channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
