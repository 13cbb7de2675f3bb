package dev.skein.engine;

import dev.skein.metrics.SkeinMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;

/** Netty's HTTP body aggregator; a body past {@code maxPayload} gets 413, its connection closed, counted. */
final class BodyAggregator extends HttpObjectAggregator {
    private final SkeinMetrics metrics;

    BodyAggregator(int maxPayloadBytes, SkeinMetrics metrics) {
        super(maxPayloadBytes);
        this.metrics = metrics;
    }

    /**
     * 413 and the connection closed, whether or not the client asked to keep it alive: Netty would keep a
     * keep-alive connection open to read and throw away the rest of the body, which is not worth the wait.
     */
    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        metrics.packetRejected("oversized body");
        HttpResponses.send(ctx.channel(), HttpResponses.text(413, "Payload Too Large"));
    }
}
