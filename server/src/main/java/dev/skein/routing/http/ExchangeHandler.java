package dev.skein.routing.http;

import dev.skein.routing.RouteFailure;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The last handler of a pooled connection: hands each answer to the connection's current {@link Exchange}. */
final class ExchangeHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
    private static final Logger log = LoggerFactory.getLogger(ExchangeHandler.class);

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
        Exchange exchange = ctx.channel().attr(Exchange.KEY).get();
        if (exchange == null) {
            // an answer nobody asked for: the connection is out of step, drop it
            ctx.close();
            return;
        }
        HttpAnswer answer = new HttpAnswer(response.status().code(), ByteBufUtil.getBytes(response.content()));
        exchange.succeed(answer, HttpUtil.isKeepAlive(response));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Exchange exchange = ctx.channel().attr(Exchange.KEY).get();
        if (exchange != null) {
            exchange.fail(RouteFailure.of(RouteFailure.CLOSED));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("Backend connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        Exchange exchange = ctx.channel().attr(Exchange.KEY).get();
        if (exchange != null) {
            exchange.fail(RouteFailure.of(RouteFailure.BAD_ANSWER));
        }
        ctx.close();
    }
}
