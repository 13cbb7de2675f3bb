package dev.skein.routing.ws;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a channel to a service: the handshake's outcome, the service's text frames, its close
 * frame, and the pings: a channel that read nothing for a ping interval is pinged, and closed when it reads
 * nothing (not even the pong) for one more, however much it writes.
 */
final class ChannelHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger log = LoggerFactory.getLogger(ChannelHandler.class);

    private final BackendChannel channel;
    private final ChannelOwner owner;

    ChannelHandler(BackendChannel channel, ChannelOwner owner) {
        this.channel = channel;
        this.owner = owner;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            channel.opened(ctx.channel());
        } else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            ctx.close();
        } else if (event instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
            if (idle.isFirst()) {
                ctx.writeAndFlush(new PingWebSocketFrame());
            } else {
                log.debug("Channel to {} silent for two ping intervals; closing", channel.instance());
                ctx.close();
            }
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame text) {
            owner.received(channel, text.text());
        } else if (frame instanceof CloseWebSocketFrame) {
            channel.closingByService();
            ctx.writeAndFlush(new CloseWebSocketFrame()).addListener(f -> ctx.close());
        } else {
            owner.refused(channel, "not text");
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        owner.ended(channel);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("Channel to {} failed: {}", channel.instance(), cause.toString());
        ctx.close();
    }
}
