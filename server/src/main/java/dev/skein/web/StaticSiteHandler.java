package dev.skein.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Answers every HTTP request outside the Engine.IO path from a {@link StaticSite}: 200 with the file,
 * 404 for anything else, 405 for methods other than GET and HEAD. Sends strict security headers; the
 * page may connect only to its own origin.
 */
@ChannelHandler.Sharable
public final class StaticSiteHandler extends ChannelInboundHandlerAdapter {
    private static final String CSP = "default-src 'self'; connect-src 'self'; img-src 'self' data:;"
            + " style-src 'self'; script-src 'self'; frame-ancestors 'none'";

    private final StaticSite site;
    private final String enginePath;

    /** @param enginePath requests under this path are passed on untouched */
    public StaticSiteHandler(StaticSite site, String enginePath) {
        this.site = site;
        this.enginePath = enginePath;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request) || request.uri().startsWith(enginePath)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            FullHttpResponse response = respond(request);
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            HttpUtil.setKeepAlive(response, keepAlive);
            var future = ctx.writeAndFlush(response);
            if (!keepAlive) {
                future.addListener(ChannelFutureListener.CLOSE);
            }
        } finally {
            request.release();
        }
    }

    private FullHttpResponse respond(FullHttpRequest request) {
        HttpMethod method = request.method();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            FullHttpResponse response = plain(HttpResponseStatus.METHOD_NOT_ALLOWED, "Method Not Allowed\n");
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            return response;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        return site.find(path)
                .map(resource -> file(resource, HttpMethod.HEAD.equals(method)))
                .orElseGet(() -> plain(HttpResponseStatus.NOT_FOUND, "Not Found\n"));
    }

    private static FullHttpResponse file(StaticSite.Resource resource, boolean headOnly) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.OK,
                headOnly ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(resource.body()));
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, resource.contentType());
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, resource.body().length);
        headers.set(HttpHeaderNames.CACHE_CONTROL, resource.immutable() ? "public, max-age=86400" : "no-cache");
        securityHeaders(headers);
        return response;
    }

    private static FullHttpResponse plain(HttpResponseStatus status, String text) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN + "; charset=UTF-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        securityHeaders(response.headers());
        return response;
    }

    private static void securityHeaders(HttpHeaders headers) {
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Content-Security-Policy", CSP);
    }
}
