package dev.skein.engine;

import dev.skein.metrics.SkeinMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;

/** Netty's HTTP body aggregator, counting each body refused with 413 for passing {@code maxPayload}. */
final class BodyAggregator extends HttpObjectAggregator {
    private final SkeinMetrics metrics;

    BodyAggregator(int maxPayloadBytes, SkeinMetrics metrics) {
        super(maxPayloadBytes);
        this.metrics = metrics;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        metrics.packetRejected("oversized body");
        super.handleOversizedMessage(ctx, oversized);
    }
}
