package dev.skein.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * A bare websocket that only opens and stays idle: the client of the memory floor ({@code
 * bench/floor/MinWsServer.java}), which speaks no Engine.IO.
 */
final class RawWebSocket {
    private RawWebSocket() {}

    /** Opens a websocket to {@code path}; the future completes once the handshake is done. */
    static CompletableFuture<Channel> open(Bootstrap bootstrap, Endpoint endpoint, String path) {
        CompletableFuture<Channel> opened = new CompletableFuture<>();
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(URI.create("ws://" + endpoint + path))
                .generateOriginHeader(false)
                .handshakeTimeoutMillis(60_000)
                .build();
        bootstrap
                .clone()
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline()
                                .addLast(
                                        new HttpClientCodec(),
                                        new HttpObjectAggregator(8192),
                                        new WebSocketClientProtocolHandler(config),
                                        new ChannelInboundHandlerAdapter() {
                                            @Override
                                            public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                                                if (event
                                                        == WebSocketClientProtocolHandler.ClientHandshakeStateEvent
                                                                .HANDSHAKE_COMPLETE) {
                                                    opened.complete(ctx.channel());
                                                }
                                                ctx.fireUserEventTriggered(event);
                                            }

                                            @Override
                                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                                opened.completeExceptionally(cause);
                                                ctx.close();
                                            }
                                        });
                    }
                })
                .connect(endpoint.host(), endpoint.port())
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        opened.completeExceptionally(f.cause());
                    }
                });
        return opened;
    }
}
