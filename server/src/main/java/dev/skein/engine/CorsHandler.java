package dev.skein.engine;

import dev.skein.metrics.SkeinMetrics;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.AttributeKey;
import java.util.List;

/**
 * Cross-origin requests to the Engine.IO endpoint: refuses disallowed browser origins with 403 (for
 * websocket upgrades too, against cross-site websocket hijacking), answers preflights, and adds the
 * {@code Access-Control-Allow-*} headers to responses for allowed ones. Never reflects an origin it was
 * not told to allow.
 */
@ChannelHandler.Sharable
final class CorsHandler extends ChannelDuplexHandler {
    private static final AttributeKey<String> ALLOWED_ORIGIN = AttributeKey.valueOf("skein.allowedOrigin");

    private final OriginPolicy policy;
    private final List<String> enginePaths;
    private final SkeinMetrics metrics;

    CorsHandler(OriginPolicy policy, String enginePath, SkeinMetrics metrics) {
        this(policy, List.of(enginePath), metrics);
    }

    /** @param enginePaths the endpoints' paths; requests outside them are passed on untouched */
    CorsHandler(OriginPolicy policy, List<String> enginePaths, SkeinMetrics metrics) {
        this.policy = policy;
        this.enginePaths = List.copyOf(enginePaths);
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request) || !isEngineRequest(request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        ctx.channel().attr(ALLOWED_ORIGIN).set(null);
        if (!policy.allows(origin, request.headers().get(HttpHeaderNames.HOST))) {
            request.release();
            metrics.handshakeError("origin");
            HttpResponses.send(ctx.channel(), HttpResponses.error(403, 4, "Origin not allowed"));
            return;
        }
        if (origin != null) {
            ctx.channel().attr(ALLOWED_ORIGIN).set(origin);
        }
        if (origin != null && isPreflight(request)) {
            request.release();
            HttpResponses.send(ctx.channel(), preflight(request));
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        String origin = ctx.channel().attr(ALLOWED_ORIGIN).get();
        if (origin != null && msg instanceof HttpResponse response) {
            HttpHeaders headers = response.headers();
            headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
            headers.add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
        }
        ctx.write(msg, promise);
    }

    private boolean isEngineRequest(FullHttpRequest request) {
        for (String path : enginePaths) {
            if (request.uri().startsWith(path)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPreflight(FullHttpRequest request) {
        return HttpMethod.OPTIONS.equals(request.method())
                && request.headers().contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
    }

    private static FullHttpResponse preflight(FullHttpRequest request) {
        FullHttpResponse response = HttpResponses.text(204, "");
        response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS");
        String requested = request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
        if (requested != null) {
            response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, requested);
        }
        response.headers().set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, 86_400);
        return response;
    }
}
