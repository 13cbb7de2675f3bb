package dev.skein.engine;

import dev.skein.limits.LimitsMetrics;
import dev.skein.metrics.SkeinMetrics;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;

/**
 * Netty's HTTP body aggregator, bounded by {@code maxPayload}: a body announced larger ({@code
 * Content-Length}) or found larger while it arrives (chunked, without a length) is answered 413 and its
 * connection closed (Netty would keep a keep-alive connection open and read the rest of a chunked body),
 * counted in {@code skein_packets_rejected_total{reason="oversized body"}} and {@code
 * skein_limits_rejected_total{limit="payload_bytes"}}.
 */
final class BodyAggregator extends HttpObjectAggregator {
    private final SkeinMetrics metrics;
    private final LimitsMetrics limits;

    BodyAggregator(int maxPayloadBytes, SkeinMetrics metrics, LimitsMetrics limits) {
        super(maxPayloadBytes);
        this.metrics = metrics;
        this.limits = limits;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        metrics.packetRejected("oversized body");
        limits.rejected(LimitsMetrics.Limit.PAYLOAD_BYTES);
        ctx.writeAndFlush(HttpResponses.text(413, "Payload Too Large")).addListener(ChannelFutureListener.CLOSE);
    }
}
