package dev.skein.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.net.URI;

/** A session on the websocket transport from the first request (no polling, no upgrade). */
final class WebSocketSession extends Session {
    /**
     * Set on the event loop when the channel is initialised, before anything is read: the handshake and the
     * server's open packet may come (and be answered) before {@code connect(...)} returns to the thread that
     * started the session (that race failed 3 of 18,011 soak clients with a NullPointerException).
     */
    private volatile Channel channel;

    WebSocketSession(
            Bootstrap bootstrap,
            EventLoop loop,
            Endpoint endpoint,
            int maxFrameBytes,
            SessionListener listener,
            Object attachment) {
        super(listener, loop, attachment);
        URI uri = URI.create("ws://" + endpoint + endpoint.path(Transport.WEBSOCKET, null));
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .maxFramePayloadLength(maxFrameBytes)
                .generateOriginHeader(false)
                .handshakeTimeoutMillis(60_000)
                .dropPongFrames(true)
                .build();
        Channel connecting = bootstrap
                .clone(loop)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        channel = ch;
                        ch.pipeline()
                                .addLast(
                                        new HttpClientCodec(),
                                        new HttpObjectAggregator(65_536),
                                        new WebSocketClientProtocolHandler(config),
                                        new WebSocketFrameAggregator(maxFrameBytes),
                                        new FrameHandler());
                    }
                })
                .connect(endpoint.host(), endpoint.port())
                .addListener((ChannelFutureListener) future -> {
                    if (!future.isSuccess()) {
                        closed("connect failed: " + future.cause());
                    }
                })
                .channel();
        if (channel == null) {
            channel = connecting;
        }
    }

    @Override
    public void write(String enginePacket) {
        channel.write(new TextWebSocketFrame(ByteBufUtil.writeUtf8(channel.alloc(), enginePacket)));
    }

    @Override
    public void writeAttachment(byte[] data) {
        channel.write(
                new BinaryWebSocketFrame(channel.alloc().buffer(data.length).writeBytes(data)));
    }

    @Override
    public void flush() {
        channel.flush();
    }

    @Override
    public void close() {
        channel.close();
    }

    private final class FrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame) {
                onTextPacket(frame.content());
            } else if (frame instanceof BinaryWebSocketFrame) {
                onBinaryPacket(frame.content());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closed("transport closed");
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            closed("transport error: " + cause);
            ctx.close();
        }
    }
}
