package dev.skein.engine;

import dev.skein.limits.LimitsMetrics;
import dev.skein.metrics.SkeinMetrics;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Netty's websocket message aggregator, bounded by {@code maxPayload}: a message whose fragments (continuation
 * frames) add up to more, or a permessage-deflate message that inflates to more (the inflater stops at
 * {@code maxPayload}, so a decompression bomb is never inflated whole), closes its connection with 1009
 * (message too big), counted in {@code skein_limits_rejected_total{limit="payload_bytes"|"decompressed_bytes"}}.
 * One per websocket.
 */
final class WebSocketMessageLimit extends WebSocketFrameAggregator {
    private static final Logger log = LoggerFactory.getLogger(WebSocketMessageLimit.class);
    /** How Netty's inflater says it stopped at its {@code maxAllocation} (ZlibDecoder, 4.1.5x to 4.2). */
    private static final String BUFFER_LIMIT = "maximum size";

    private final SkeinMetrics metrics;
    private final LimitsMetrics limits;
    /** Once a message was refused, the connection is closing: what still comes is dropped. */
    private boolean refused;

    WebSocketMessageLimit(int maxPayloadBytes, SkeinMetrics metrics, LimitsMetrics limits) {
        super(maxPayloadBytes);
        this.metrics = metrics;
        this.limits = limits;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        super.channelRead(ctx, msg);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, WebSocketFrame oversized) {
        refuse(ctx, LimitsMetrics.Limit.PAYLOAD_BYTES, "oversized message");
    }

    /** The inflater's errors: past {@code maxPayload}, 1009; corrupt compressed data, 1002 (protocol error). */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        DecompressionException inflating = decompressionError(cause);
        if (refused && inflating != null) {
            return;
        }
        if (inflating == null) {
            if (cause instanceof CorruptedWebSocketFrameException corrupt
                    && corrupt.closeStatus() == WebSocketCloseStatus.MESSAGE_TOO_BIG) {
                // one frame past maxPayload: the frame decoder closed with 1009; the error handler counts it too
                limits.rejected(LimitsMetrics.Limit.PAYLOAD_BYTES);
            }
            super.exceptionCaught(ctx, cause);
        } else if (String.valueOf(inflating.getMessage()).contains(BUFFER_LIMIT)) {
            limits.rejected(LimitsMetrics.Limit.DECOMPRESSED_BYTES);
            close(ctx, "oversized inflated message", WebSocketCloseStatus.MESSAGE_TOO_BIG);
        } else {
            close(ctx, "corrupt compressed message", WebSocketCloseStatus.PROTOCOL_ERROR);
        }
    }

    private void refuse(ChannelHandlerContext ctx, LimitsMetrics.Limit limit, String reason) {
        limits.rejected(limit);
        close(ctx, reason, WebSocketCloseStatus.MESSAGE_TOO_BIG);
    }

    private void close(ChannelHandlerContext ctx, String reason, WebSocketCloseStatus status) {
        refused = true;
        metrics.packetRejected(reason);
        log.debug("Closing {}: {} (maxPayload {} bytes)", ctx.channel().remoteAddress(), reason, maxContentLength());
        if (!ctx.channel().isActive()) {
            return;
        }
        ctx.writeAndFlush(new CloseWebSocketFrame(status)).addListener(ChannelFutureListener.CLOSE);
    }

    private static DecompressionException decompressionError(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof DecompressionException e) {
                return e;
            }
        }
        return null;
    }
}
