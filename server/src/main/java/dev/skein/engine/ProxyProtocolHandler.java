package dev.skein.engine;

import dev.skein.config.Cidr;
import dev.skein.metrics.SkeinMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the PROXY protocol header (v1 or v2, decoded by Netty's {@code HAProxyMessageDecoder} just before
 * it) that a trusted proxy sends first on each connection: its source address becomes the connection's
 * {@link #SOURCE}, then this handler leaves the pipeline. A connection whose first bytes are not a valid
 * header is closed and counted ({@code skein_handshake_errors_total{reason="proxy protocol"}}). A {@code
 * LOCAL} header (the proxy's own health check) leaves the TCP peer as the source. One per channel.
 */
final class ProxyProtocolHandler extends ChannelInboundHandlerAdapter {
    /** The client address a PROXY header gave; unset when none did. */
    static final AttributeKey<InetAddress> SOURCE = AttributeKey.valueOf("skein.proxySource");

    private static final Logger log = LoggerFactory.getLogger(ProxyProtocolHandler.class);

    private final SkeinMetrics metrics;
    /** The decoder may fail twice (on the bytes, then again as the closed channel's last bytes): once counted. */
    private boolean failed;

    ProxyProtocolHandler(SkeinMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HAProxyMessage header)) {
            // the decoder passes nothing else on before its header, and leaves once it is read
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            InetAddress source = header.command() == HAProxyCommand.PROXY && header.sourceAddress() != null
                    ? Cidr.parseAddress(header.sourceAddress())
                    : null;
            if (source != null) {
                ctx.channel().attr(SOURCE).set(source);
            }
        } finally {
            header.release();
        }
        ctx.pipeline().remove(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof HAProxyProtocolException || cause.getCause() instanceof HAProxyProtocolException) {
            if (failed) {
                return;
            }
            failed = true;
            metrics.handshakeError("proxy protocol");
            log.debug(
                    "Closing {}: no valid PROXY protocol header: {}",
                    ctx.channel().remoteAddress(),
                    cause.getMessage());
            ctx.close();
            return;
        }
        ctx.fireExceptionCaught(cause);
    }
}
