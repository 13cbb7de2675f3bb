package dev.skein.engine;

import dev.skein.config.Transport;
import dev.skein.health.Readiness;
import dev.skein.metrics.SkeinMetrics;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Checks each Engine.IO request before netty-socketio sees it, and answers a bad one the way the
 * official server does: 400 with {@code {"code", "message"}} for a wrong protocol version, an unknown
 * transport, an unknown session, a bad method, a long-poll for a session that has moved to its
 * websocket, or a second websocket for one session; 503 for a new handshake while the node is draining.
 */
@ChannelHandler.Sharable
final class RequestGuard extends ChannelInboundHandlerAdapter {
    private final String enginePath;
    private final Set<String> transports;
    private final Set<String> versions;
    private final EngineSessions sessions;
    private final Readiness readiness;
    private final SkeinMetrics metrics;

    RequestGuard(
            String enginePath,
            Set<Transport> transports,
            boolean allowEio3,
            EngineSessions sessions,
            Readiness readiness,
            SkeinMetrics metrics) {
        this.enginePath = enginePath;
        this.transports = transports.stream().map(Transport::wireName).collect(Collectors.toUnmodifiableSet());
        this.versions = allowEio3 ? Set.of("3", "4") : Set.of("4");
        this.sessions = sessions;
        this.readiness = readiness;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request) || !request.uri().startsWith(enginePath)) {
            ctx.fireChannelRead(msg);
            return;
        }
        Rejection rejection = check(request);
        if (rejection == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        metrics.handshakeError(rejection.metric);
        if (rejection.response == null) {
            refuseSecondWebsocket(ctx, request);
        } else {
            request.release();
            HttpResponses.send(ctx.channel(), rejection.response);
        }
    }

    /** Like the official server: the websocket opens, then closes at once (no HTTP error to the client). */
    private void refuseSecondWebsocket(ChannelHandlerContext ctx, FullHttpRequest request) {
        try {
            String location = "ws://" + request.headers().get(HttpHeaderNames.HOST) + request.uri();
            WebSocketServerHandshaker handshaker =
                    new WebSocketServerHandshakerFactory(location, null, false).newHandshaker(request);
            if (handshaker == null) {
                WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
                return;
            }
            handshaker.handshake(ctx.channel(), request).addListener(done -> ctx.channel()
                    .writeAndFlush(new CloseWebSocketFrame())
                    .addListener(ChannelFutureListener.CLOSE));
        } finally {
            request.release();
        }
    }

    private Rejection check(FullHttpRequest request) {
        Map<String, List<String>> params = new QueryStringDecoder(request.uri()).parameters();
        if (!versions.contains(String.valueOf(first(params, "EIO")))) {
            return new Rejection("protocol", HttpResponses.error(400, 5, "Unsupported protocol version"));
        }
        String transport = String.valueOf(first(params, "transport")).toLowerCase(Locale.ROOT);
        if (!transports.contains(transport)) {
            return new Rejection("transport", HttpResponses.error(400, 0, "Transport unknown"));
        }
        String sid = first(params, "sid");
        if (sid == null) {
            return checkHandshake(request);
        }
        EngineConnection connection = connectionOf(sid);
        if (connection == null) {
            return new Rejection("session", HttpResponses.error(400, 1, "Session ID unknown"));
        }
        HttpMethod method = request.method();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.POST.equals(method)) {
            return new Rejection("method", HttpResponses.error(400, 2, "Bad request"));
        }
        return checkTransport(connection, transport);
    }

    private static Rejection checkTransport(EngineConnection connection, String transport) {
        if (Transport.POLLING.wireName().equals(transport) && connection.transport() == Transport.WEBSOCKET) {
            return new Rejection("transport", HttpResponses.error(400, 3, "Bad request"));
        }
        if (Transport.WEBSOCKET.wireName().equals(transport) && !connection.claimWebsocket()) {
            return new Rejection("transport", null);
        }
        return null;
    }

    private Rejection checkHandshake(FullHttpRequest request) {
        if (!HttpMethod.GET.equals(request.method())) {
            return new Rejection("method", HttpResponses.error(400, 2, "Bad handshake method"));
        }
        if (!readiness.acceptsClients()) {
            return new Rejection("draining", HttpResponses.error(503, 6, "Server is not accepting new clients"));
        }
        return null;
    }

    private EngineConnection connectionOf(String sid) {
        try {
            return sessions.of(UUID.fromString(sid));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** A refused request: its metric label and answer ({@code null}: open and close the websocket). */
    private record Rejection(String metric, FullHttpResponse response) {}
}
