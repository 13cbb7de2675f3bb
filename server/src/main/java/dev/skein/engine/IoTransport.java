package dev.skein.engine;

import dev.skein.config.NettyTransport;
import dev.skein.internal.SkeinException;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.Locale;

/** The Netty transport under the client port: its event loops' I/O and its server channel. */
enum IoTransport {
    EPOLL {
        @Override
        IoHandlerFactory handlerFactory() {
            return EpollIoHandler.newFactory();
        }

        @Override
        Class<? extends ServerChannel> serverChannel() {
            return EpollServerSocketChannel.class;
        }
    },
    NIO {
        @Override
        IoHandlerFactory handlerFactory() {
            return NioIoHandler.newFactory();
        }

        @Override
        Class<? extends ServerChannel> serverChannel() {
            return NioServerSocketChannel.class;
        }
    };

    /** A factory of the event loops' I/O handlers. */
    abstract IoHandlerFactory handlerFactory();

    /** The listening socket's channel type. */
    abstract Class<? extends ServerChannel> serverChannel();

    /** Its name in logs: {@code epoll}, {@code nio}. */
    String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The transport {@code setting} asks for on this machine.
     *
     * @throws SkeinException if {@code setting} is {@code epoll} and epoll's native library does not load
     *     here (the message says why and which setting to change)
     */
    static IoTransport choose(NettyTransport setting) {
        return choose(setting, Epoll.isAvailable() ? null : Epoll.unavailabilityCause());
    }

    /** Like {@link #choose(NettyTransport)}, with epoll unavailable for {@code epollFailure} (null: it loads). */
    static IoTransport choose(NettyTransport setting, Throwable epollFailure) {
        return switch (setting) {
            case NIO -> NIO;
            case AUTO -> epollFailure == null ? EPOLL : NIO;
            case EPOLL -> {
                if (epollFailure != null) {
                    throw new SkeinException(
                            "SKEIN_NETTY_TRANSPORT=epoll, but epoll cannot load here (" + reason(epollFailure)
                                    + "); set SKEIN_NETTY_TRANSPORT to auto or nio",
                            epollFailure);
                }
                yield EPOLL;
            }
        };
    }

    private static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getName() : root.getMessage();
    }
}
