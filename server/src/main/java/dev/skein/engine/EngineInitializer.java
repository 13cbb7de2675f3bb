package dev.skein.engine;

import dev.skein.config.SkeinConfig;
import dev.skein.metrics.SkeinMetrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import java.util.List;

/**
 * pipeline.addLast("httpGuard", new HttpRequestGuard(config.inputLimits().httpRequestTimeout(), metrics));
 * pipeline.addLast("httpAggregator", new BodyAggregator(config.maxPayloadBytes(), metrics, limits.metrics()));
 */
final class EngineInitializer extends ChannelInitializer<Channel> {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EngineInitializer.class);
    static final String ERRORS = "errors";
    static final String TLS = "tls";
    /** The handlers a websocket no longer needs (Netty's handshake swaps the codec itself). */
    static final List<String> HTTP_ONLY_HANDLERS =
            List.of("httpGuard", "httpAggregator", "cors", "echo", "site", "engine");

    private final SkeinConfig config;
    private final SkeinMetrics metrics;
    private final EngineLimits limits;
    private final ServerTls tls;
    private final ChannelHandler cors;
    private final ChannelHandler site;
    private final ChannelHandler engine;
    private final ChannelHandler echo;
    private final ChannelHandler errors;

    /**
     * A pipeline with {@code tls} first, or none when {@code tls} is null.
     *
     * @param echo the raw Engine.IO echo endpoint, {@code null} when none is served
     */
    EngineInitializer(
            SkeinConfig config,
            SkeinMetrics metrics,
            EngineLimits limits,
            ServerTls tls,
            ChannelHandler cors,
            ChannelHandler site,
            ChannelHandler engine,
            ChannelHandler echo) {
        this.config = config;
        this.metrics = metrics;
        this.limits = limits;
        this.tls = tls;
        this.cors = cors;
        this.site = site;
        this.engine = engine;
        this.echo = echo;
        this.errors = new ConnectionErrorHandler(metrics);
    }

    @Override
    protected void initChannel(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (config.limits().proxyProtocol() && !expectProxyHeader(channel)) {
            return;
        }
        if (tls != null) {
            pipeline.addLast(TLS, tls.newHandler(channel.alloc()));
        }
        pipeline.addLast("httpDecoder", new HttpRequestDecoder());
        // before the aggregator, so that its own 413 answer for an oversized body gets encoded
        pipeline.addLast("httpEncoder", new HttpResponseEncoder());
        pipeline.addLast("httpGuard", new HttpRequestGuard(config.inputLimits().httpRequestTimeout(), metrics));
        pipeline.addLast("httpAggregator", new BodyAggregator(config.maxPayloadBytes(), metrics, limits.metrics()));
        if (config.websocketCompression()) {
            pipeline.addLast(
                    "wsCompression",
                    new WebSocketServerExtensionHandler(new PerMessageDeflateServerExtensionHandshaker(
                            6,
                            false,
                            PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE,
                            false,
                            false,
                            UncompressedFrames.FILTER,
                            // the inflater stops here: a decompression bomb is never inflated whole
                            config.maxPayloadBytes())));
        }
        pipeline.addLast("cors", cors);
        if (echo != null) {
            // before the site, which answers 404 outside the Socket.IO path
            pipeline.addLast("echo", echo);
        }
        pipeline.addLast("site", site);
        pipeline.addLast("engine", engine);
        pipeline.addLast(ERRORS, errors);
    }

    /**
     * With the PROXY protocol required: a trusted proxy's connection gets the header's decoder first; any
     * other peer is closed at once (false), counted in {@code skein_handshake_errors_total{reason="untrusted
     * peer"}}.
     */
    private boolean expectProxyHeader(Channel channel) {
        java.net.InetAddress peer =
                channel.remoteAddress() instanceof java.net.InetSocketAddress address ? address.getAddress() : null;
        if (peer == null || !limits.addresses().trusts(peer)) {
            metrics.handshakeError("untrusted peer");
            log.debug("Closing a connection from {}: not a trusted proxy, and the PROXY protocol is required", peer);
            channel.close();
            return false;
        }
        channel.pipeline().addLast("proxyDecoder", new HAProxyMessageDecoder());
        channel.pipeline().addLast("proxyHeader", new ProxyProtocolHandler(metrics));
        return true;
    }
}
