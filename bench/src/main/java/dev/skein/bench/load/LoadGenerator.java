package dev.skein.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Simulated Socket.IO clients on a few Netty event loops (epoll when it loads), cheap enough per
 * received message that a benchmark measures the server, not this. Close it to stop every loop.
 */
public final class LoadGenerator implements AutoCloseable {
    /** The largest websocket frame or polling payload a client accepts. */
    public static final int MAX_PAYLOAD_BYTES = 1_000_000;

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final boolean epoll;

    /** A generator with {@code threads} event loops. */
    public LoadGenerator(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads : " + threads + " (expected: >= 1)");
        }
        epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("bench-load"), io);
        Class<? extends Channel> channelType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        bootstrap = new Bootstrap()
                .group(group)
                .channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
    }

    /**
     * Starts one client of {@code transport} to {@code endpoint}, with {@code attachment} set before any
     * listener call; {@code listener} hears the rest.
     */
    public Session connect(Endpoint endpoint, Transport transport, SessionListener listener, Object attachment) {
        EventLoop loop = group.next();
        return switch (transport) {
            case WEBSOCKET -> new WebSocketSession(bootstrap, loop, endpoint, MAX_PAYLOAD_BYTES, listener, attachment);
            case POLLING -> new PollingSession(bootstrap, loop, endpoint, MAX_PAYLOAD_BYTES, listener, attachment);
        };
    }

    /** Opens a bare websocket to {@code path} (no Engine.IO); completes once it is open. */
    public java.util.concurrent.CompletableFuture<Channel> openRawWebSocket(Endpoint endpoint, String path) {
        return RawWebSocket.open(bootstrap, endpoint, path);
    }

    /** An event loop for timers such as a publisher's pacing. */
    public EventLoop nextLoop() {
        return group.next();
    }

    /** {@code "epoll"} or {@code "nio"}. */
    public String transportName() {
        return epoll ? "epoll" : "nio";
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
