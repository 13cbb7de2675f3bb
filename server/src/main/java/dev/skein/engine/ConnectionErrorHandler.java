package dev.skein.engine;

import dev.skein.metrics.SkeinMetrics;
import io.micrometer.core.instrument.Counter;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.io.IOException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last inbound handler: any error that reached it closes only its own connection. Peers that
 * vanish (connection reset, or closed in the middle of a request's body) are logged at DEBUG, failed TLS handshakes (plain HTTP on a TLS port, a client
 * that does not trust the certificate) and oversized or corrupt frames are counted, anything else gets one
 * WARN line and is counted in {@code skein_connection_errors_unexpected_total}.
 */
@ChannelHandler.Sharable
final class ConnectionErrorHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionErrorHandler.class);

    private final SkeinMetrics metrics;
    private final Counter unexpected;

    ConnectionErrorHandler(SkeinMetrics metrics) {
        this.metrics = metrics;
        // a bug, not bad input: none is expected, so a scrape (and the fuzz tests) can tell
        this.unexpected = metrics.registry().counter("skein.connection.errors.unexpected");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // before IOException: SSLException is one
        if (isTlsFailure(cause)) {
            metrics.handshakeError("tls");
            log.debug("TLS with {} failed: {}", ctx.channel().remoteAddress(), cause.getMessage());
        } else if (cause instanceof IOException || cause instanceof PrematureChannelClosureException) {
            log.debug("Connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else if (isInvalidUtf8(cause)) {
            metrics.packetRejected("invalid utf-8");
            log.debug("Closing {}: {}", ctx.channel().remoteAddress(), cause.getMessage());
        } else if (isBadFrame(cause)) {
            metrics.packetRejected("oversized or corrupt frame");
            log.debug("Closing {}: {}", ctx.channel().remoteAddress(), cause.getMessage());
        } else {
            unexpected.increment();
            log.warn(
                    "Closing connection {} after an unexpected error",
                    ctx.channel().remoteAddress(),
                    cause);
        }
        ctx.close();
    }

    // SslHandler's decoder wraps them in a DecoderException
    private static boolean isTlsFailure(Throwable cause) {
        return cause instanceof SSLException || cause.getCause() instanceof SSLException;
    }

    // Utf8FrameValidator's verdict on a text frame; it has sent the close frame (1007) already
    private static boolean isInvalidUtf8(Throwable cause) {
        return cause instanceof CorruptedWebSocketFrameException corrupt
                && corrupt.closeStatus() == WebSocketCloseStatus.INVALID_PAYLOAD_DATA;
    }

    private static boolean isBadFrame(Throwable cause) {
        return cause instanceof TooLongFrameException
                || cause instanceof CorruptedWebSocketFrameException
                || cause instanceof CorruptedFrameException;
    }
}
