package dev.skein.routing;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * What every connection to a backend shares: a small group of event loops of its own ({@code skein-route-*}),
 * an asynchronous DNS resolver for instance host names (Netty's: a name never blocks a loop), and the TLS
 * context of {@code https:} and {@code wss:} instances (the JDK's trust store). Backend I/O stays off the client
 * loops: a client's loop moves when it upgrades to websocket, and pooled connections serve every client.
 */
public final class Outbound implements AutoCloseable {
    private final EventLoopGroup group;
    private final DnsAddressResolverGroup resolver;
    private volatile SslContext tls;

    /** @param threads event loops, at least 1 */
    public Outbound(int threads) {
        this.group = new MultiThreadIoEventLoopGroup(
                threads, new DefaultThreadFactory("skein-route", true), NioIoHandler.newFactory());
        this.resolver = new DnsAddressResolverGroup(
                NioDatagramChannel.class, DnsServerAddressStreamProviders.platformDefault());
    }

    public EventLoopGroup group() {
        return group;
    }

    /** A bootstrap of TCP connections on these loops, connecting within {@code connectTimeout}. */
    public Bootstrap bootstrap(Duration connectTimeout) {
        return new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .resolver(resolver)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
    }

    /** The client TLS context, built on first use. */
    public SslContext tls() {
        SslContext context = tls;
        if (context == null) {
            synchronized (this) {
                if (tls == null) {
                    try {
                        tls = SslContextBuilder.forClient().build();
                    } catch (SSLException e) {
                        throw new IllegalStateException("Cannot set up TLS to backends: " + e.getMessage(), e);
                    }
                }
                context = tls;
            }
        }
        return context;
    }

    @Override
    public void close() {
        resolver.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
