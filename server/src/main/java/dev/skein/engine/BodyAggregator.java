package dev.skein.engine;

import dev.skein.limits.LimitsMetrics;
import dev.skein.metrics.SkeinMetrics;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * Netty's HTTP body aggregator, bounded by {@code maxPayload}: a body announced larger ({@code
 * Content-Length}) or found larger while it arrives (chunked, without a length) is answered 413 with {@code
 * Connection: close}, counted in {@code skein_packets_rejected_total{reason="oversized body"}} and {@code
 * skein_limits_rejected_total{limit="payload_bytes"}}, and its connection closed {@value #LINGER_MILLIS} ms
 * later, or once one more {@code maxPayload} of bytes has come (a body that goes on and on), or when the client
 * closes it first. Meanwhile whatever else comes on it is read and dropped: closing
 * at once would reset a connection whose client is still sending its body, and the reset would discard the
 * 413 before the client reads it; Netty alone would keep a keep-alive connection open and read all of an
 * announced body. One per connection.
 */
final class BodyAggregator extends HttpObjectAggregator {
    static final long LINGER_MILLIS = 2_000;

    private final SkeinMetrics metrics;
    private final LimitsMetrics limits;
    private final long drainBudgetBytes;
    private boolean refused;
    private long drainedBytes;

    BodyAggregator(int maxPayloadBytes, SkeinMetrics metrics, LimitsMetrics limits) {
        super(maxPayloadBytes);
        this.metrics = metrics;
        this.limits = limits;
        this.drainBudgetBytes = maxPayloadBytes;
    }

    /**
     * 413 and the connection closed, whether or not the client asked to keep it alive: Netty would keep a
     * keep-alive connection open to read and throw away the rest of the body, which is not worth the wait.
     */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (refused) {
            // read and drop while the 413 travels, but no more than one more payload's worth: a body that
            // goes on (a chunked bomb) is cut off, the 413 already on its way
            drainedBytes +=
                    msg instanceof ByteBufHolder holder ? holder.content().readableBytes() : 0;
            ReferenceCountUtil.release(msg);
            if (drainedBytes > drainBudgetBytes) {
                ctx.close();
            }
            return;
        }
        super.channelRead(ctx, msg);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        refused = true;
        metrics.packetRejected("oversized body");
        limits.rejected(LimitsMetrics.Limit.PAYLOAD_BYTES);
        ctx.writeAndFlush(HttpResponses.text(413, "Payload Too Large")).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                ctx.executor().schedule(() -> ctx.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                ctx.close();
            }
        });
    }
}
