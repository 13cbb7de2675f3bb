package dev.skein.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * One HTTP request at a time to one server, over a keep-alive connection that is opened again when the
 * server closed it (netty-socketio answers {@code Connection: close}, Node.js keeps it open). Used from its
 * event loop only.
 */
final class HttpLane {
    /** The answer to one request: a response (released by the lane after the call) or a failure. */
    interface Callback {
        void onResponse(FullHttpResponse response);

        void onFailure(Throwable cause);
    }

    private final Bootstrap bootstrap;
    private final Endpoint endpoint;
    private Channel channel;
    private Callback pending;

    HttpLane(Bootstrap bootstrap, EventLoop loop, Endpoint endpoint, int maxContentBytes) {
        this.endpoint = endpoint;
        this.bootstrap = bootstrap.clone(loop).handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline()
                        .addLast(
                                new HttpClientCodec(),
                                new HttpObjectAggregator(maxContentBytes),
                                new ResponseHandler());
            }
        });
    }

    boolean busy() {
        return pending != null;
    }

    /** Sends a request with {@code body} (may be null) and answers {@code callback} once. */
    void request(HttpMethod method, String uri, ByteBuf body, Callback callback) {
        pending = callback;
        FullHttpRequest request = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, method, uri, body == null ? Unpooled.EMPTY_BUFFER : body);
        request.headers().set(HttpHeaderNames.HOST, endpoint.toString());
        request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        if (body != null) {
            request.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain;charset=UTF-8");
        }
        HttpUtil.setContentLength(request, request.content().readableBytes());
        if (channel != null && channel.isActive()) {
            send(request);
            return;
        }
        io.netty.channel.ChannelFuture connecting = bootstrap.connect(endpoint.host(), endpoint.port());
        channel = connecting.channel();
        connecting.addListener((ChannelFutureListener) future -> {
            if (future.isSuccess()) {
                send(request);
            } else {
                request.release();
                fail(future.cause());
            }
        });
    }

    void close() {
        if (channel != null) {
            channel.close();
        }
    }

    private void send(FullHttpRequest request) {
        channel.writeAndFlush(request).addListener((ChannelFutureListener) future -> {
            if (!future.isSuccess()) {
                fail(future.cause());
            }
        });
    }

    private void fail(Throwable cause) {
        Callback callback = pending;
        pending = null;
        if (callback != null) {
            callback.onFailure(cause);
        }
    }

    private final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            Callback callback = pending;
            pending = null;
            if (!HttpUtil.isKeepAlive(response)) {
                // the next request must not go to this closing connection, which may still look active
                ctx.close();
                if (channel == ctx.channel()) {
                    channel = null;
                }
            }
            if (callback != null) {
                callback.onResponse(response);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ctx.channel() == channel) {
                fail(new IllegalStateException("connection closed before the response"));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
