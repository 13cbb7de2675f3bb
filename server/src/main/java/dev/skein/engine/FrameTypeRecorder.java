package dev.skein.engine;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.AttributeKey;

/**
 * Remembers whether the websocket message being read is binary. netty-socketio hands text and binary
 * frames on as the same kind of message; Engine.IO v4 needs the difference (a binary frame is raw
 * bytes, a text frame starts with a packet type).
 */
@ChannelHandler.Sharable
final class FrameTypeRecorder extends ChannelInboundHandlerAdapter {
    static final AttributeKey<Boolean> BINARY = AttributeKey.valueOf("skein.binaryFrame");

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof BinaryWebSocketFrame) {
            ctx.channel().attr(BINARY).set(Boolean.TRUE);
        } else if (msg instanceof TextWebSocketFrame) {
            ctx.channel().attr(BINARY).set(Boolean.FALSE);
        }
        ctx.fireChannelRead(msg);
    }
}
