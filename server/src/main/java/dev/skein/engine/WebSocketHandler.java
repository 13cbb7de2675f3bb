package dev.skein.engine;

import dev.skein.protocol.EngineFrame;
import dev.skein.protocol.ProtocolException;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * A session's websocket: hands its messages to the {@link Connection} on the connection's home event loop
 * (where they are read, once the upgrade is done), answers websocket pings and closes, and tells the
 * connection when the socket can take more and when it is gone.
 */
final class WebSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final Connection connection;
    private final EngineContext context;
    /** Actions on their way to the connection's home, oldest first; this channel's loop only, null when none. */
    private ArrayDeque<Runnable> relayed;

    WebSocketHandler(Connection connection, EngineContext context) {
        this.connection = connection;
        this.context = context;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame text) {
            context.metrics().bytesIn(text.content().readableBytes());
            deliver(ctx.channel(), EngineFrame.text(text.content().toString(StandardCharsets.UTF_8)));
        } else if (frame instanceof BinaryWebSocketFrame binary) {
            context.metrics().bytesIn(binary.content().readableBytes());
            binary(ctx.channel(), ByteBufUtil.getBytes(binary.content()));
        } else if (frame instanceof PingWebSocketFrame ping) {
            ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
        } else if (frame instanceof CloseWebSocketFrame close) {
            ctx.writeAndFlush(close.retainedDuplicate()).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void binary(Channel channel, byte[] bytes) {
        if (!connection.eio3()) {
            deliver(channel, EngineFrame.binary(bytes));
            return;
        }
        // an Engine.IO v3 binary message starts with its packet type, 4
        if (bytes.length == 0 || bytes[0] != 4) {
            relay(channel, () -> connection.rejected(new ProtocolException("binary frame that is not a message")));
            return;
        }
        deliver(channel, EngineFrame.binary(java.util.Arrays.copyOfRange(bytes, 1, bytes.length)));
    }

    private void deliver(Channel channel, EngineFrame frame) {
        relay(channel, () -> connection.websocketFrame(channel, frame));
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            relay(ctx.channel(), connection::writable);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Channel channel = ctx.channel();
        relay(channel, () -> connection.websocketClosed(channel));
        ctx.fireChannelInactive();
    }

    /**
     * Runs {@code action} on the connection in the order this channel read it: at once when the connection
     * lives on this loop and nothing is still on its way to it; otherwise one action at a time through the
     * connection's home. (A probe's frames travel to the polling loop; the upgrade then moves the connection
     * here, and a frame read after that must not overtake one still in flight, such as the text part of a
     * binary event ahead of its attachment.)
     */
    private void relay(Channel channel, Runnable action) {
        if (relayed == null && connection.home().inEventLoop()) {
            action.run();
            return;
        }
        if (relayed == null) {
            relayed = new ArrayDeque<>(4);
        }
        relayed.add(action);
        if (relayed.size() == 1) {
            relayNext(channel);
        }
    }

    private void relayNext(Channel channel) {
        Runnable action = relayed.peek();
        connection.execute(() -> {
            try {
                action.run();
            } finally {
                channel.eventLoop().execute(() -> relayDone(channel));
            }
        });
    }

    /** On this channel's loop, once the connection has run the oldest relayed action. */
    private void relayDone(Channel channel) {
        relayed.poll();
        if (relayed.isEmpty()) {
            relayed = null;
        } else {
            relayNext(channel);
        }
    }
}
