package dev.skein.engine;

import com.corundumstudio.socketio.handler.ClientsBox;
import dev.skein.config.Transport;
import dev.skein.health.Readiness;
import dev.skein.metrics.SkeinMetrics;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Checks each Engine.IO request before netty-socketio sees it, and answers a bad one the way the
 * official server does: 400 with {@code {"code", "message"}} for a wrong protocol version, an unknown
 * transport, an unknown session or a bad method; 503 for a new handshake while the node is draining.
 */
@ChannelHandler.Sharable
final class RequestGuard extends ChannelInboundHandlerAdapter {
    private final String enginePath;
    private final Set<String> transports;
    private final ClientsBox clients;
    private final Readiness readiness;
    private final SkeinMetrics metrics;

    RequestGuard(
            String enginePath,
            Set<Transport> transports,
            ClientsBox clients,
            Readiness readiness,
            SkeinMetrics metrics) {
        this.enginePath = enginePath;
        this.transports = transports.stream().map(Transport::wireName).collect(Collectors.toUnmodifiableSet());
        this.clients = clients;
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
        request.release();
        metrics.handshakeError(rejection.metric);
        HttpResponses.send(ctx.channel(), rejection.response);
    }

    private Rejection check(FullHttpRequest request) {
        Map<String, List<String>> params = new QueryStringDecoder(request.uri()).parameters();
        if (!"4".equals(first(params, "EIO"))) {
            return new Rejection("protocol", HttpResponses.error(400, 5, "Unsupported protocol version"));
        }
        if (!transports.contains(String.valueOf(first(params, "transport")).toLowerCase(Locale.ROOT))) {
            return new Rejection("transport", HttpResponses.error(400, 0, "Transport unknown"));
        }
        String sid = first(params, "sid");
        if (sid == null) {
            return checkHandshake(request);
        }
        if (!isKnownSession(sid)) {
            return new Rejection("session", HttpResponses.error(400, 1, "Session ID unknown"));
        }
        HttpMethod method = request.method();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.POST.equals(method)) {
            return new Rejection("method", HttpResponses.error(400, 2, "Bad request"));
        }
        return null;
    }

    private Rejection checkHandshake(FullHttpRequest request) {
        if (!HttpMethod.GET.equals(request.method())) {
            return new Rejection("method", HttpResponses.error(400, 2, "Bad handshake method"));
        }
        if (!readiness.isReady()) {
            return new Rejection("draining", HttpResponses.error(503, 6, "Server is not accepting new clients"));
        }
        return null;
    }

    private boolean isKnownSession(String sid) {
        try {
            return clients.get(UUID.fromString(sid)) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private record Rejection(String metric, FullHttpResponse response) {}
}
