package dev.skein.engine;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.util.Set;

/**
 * Turns an HTTP channel into a session's websocket: Netty's handshake (which swaps the HTTP codec for the
 * websocket one and drops the body aggregator), then the HTTP-only handlers go too, so that the pipeline
 * holds only what a websocket needs: frame decoder and encoder (and permessage-deflate when enabled), the
 * UTF-8 check of text frames (1007), the message aggregator ({@link WebSocketMessageLimit}: 1009 past {@code
 * maxPayload}), the session's {@link WebSocketHandler}, the error handler.
 */
final class WebSocketUpgrade {
    /** The {@code Sec-WebSocket-Version}s Netty's server handshakers speak (RFC 6455 and its drafts 07/08). */
    private static final Set<String> VERSIONS = Set.of(
            WebSocketVersion.V13.toHttpHeaderValue(),
            WebSocketVersion.V08.toHttpHeaderValue(),
            WebSocketVersion.V07.toHttpHeaderValue());

    private final WebSocketDecoderConfig decoderConfig;
    private final boolean compression;
    private final String scheme;
    private final int maxPayloadBytes;
    private final EngineContext context;

    /** An upgrade to websockets whose location is {@code wss://} when {@code secure} (TLS), else {@code ws://}. */
    WebSocketUpgrade(int maxPayloadBytes, boolean compression, boolean secure, EngineContext context) {
        this.maxPayloadBytes = maxPayloadBytes;
        this.compression = compression;
        this.scheme = secure ? "wss://" : "ws://";
        this.context = context;
        this.decoderConfig = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(maxPayloadBytes)
                .allowExtensions(compression)
                .closeOnProtocolViolation(true)
                .build();
    }

    /**
     * Whether {@code request} asks for a websocket as Netty's handshake requires (a GET with {@code Connection:
     * Upgrade}, {@code Upgrade: websocket}, a key and a version): one that does not would make the handshake
     * throw once the pipeline is already rebuilt.
     */
    static boolean isUpgradeRequest(HttpRequest request) {
        HttpHeaders headers = request.headers();
        return HttpMethod.GET.equals(request.method())
                && headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && headers.contains(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
                && headers.contains(HttpHeaderNames.SEC_WEBSOCKET_KEY)
                && headers.contains(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
    }

    /**
     * Whether Skein speaks the websocket version {@code request} asks for (an upgrade request, as {@link
     * #isUpgradeRequest} says). One it does not is answered by {@link #refuseVersion} before any session is
     * made, so that it holds no session, per-address slot or polling session's upgrade.
     */
    static boolean speaksVersion(HttpRequest request) {
        return VERSIONS.contains(request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION));
    }

    /** RFC 6455 4.4: 426 with the versions Skein speaks, then closed. */
    static void refuseVersion(Channel channel) {
        WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(channel)
                .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
    }

    /**
     * Answers the upgrade and rebuilds the pipeline for {@code connection} (null: a websocket that will
     * only be closed); the future completes once the handshake response is written.
     */
    ChannelFuture open(Channel channel, FullHttpRequest request, Connection connection) {
        String location = scheme + request.headers().get(HttpHeaderNames.HOST) + request.uri();
        WebSocketServerHandshaker handshaker =
                new WebSocketServerHandshakerFactory(location, null, decoderConfig).newHandshaker(request);
        if (handshaker == null) {
            // callers check speaksVersion first: a version this Netty does not speak cannot open a session
            refuseVersion(channel);
            return channel.newFailedFuture(new IllegalStateException("websocket version not spoken"));
        }
        ChannelPipeline pipeline = channel.pipeline();
        for (String httpOnly : EngineInitializer.HTTP_ONLY_HANDLERS) {
            if (pipeline.get(httpOnly) != null) {
                pipeline.remove(httpOnly);
            }
        }
        // text frames must be UTF-8 (RFC 6455 8.1): otherwise close 1007, as the official server (ws) does
        pipeline.addBefore(EngineInitializer.ERRORS, "wsUtf8", new Utf8FrameValidator(true));
        pipeline.addBefore(
                EngineInitializer.ERRORS,
                "wsAggregator",
                new WebSocketMessageLimit(
                        maxPayloadBytes, context.metrics(), context.limits().metrics()));
        if (connection != null) {
            pipeline.addBefore(EngineInitializer.ERRORS, "wsSession", new WebSocketHandler(connection, context));
        }
        return handshaker.handshake(channel, request);
    }

    boolean compression() {
        return compression;
    }
}
