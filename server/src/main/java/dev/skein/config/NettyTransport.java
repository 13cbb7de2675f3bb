package dev.skein.config;

import java.util.Locale;

/**
 * Which of Netty's transports the client port runs on (the I/O under every connection, not an Engine.IO
 * {@link Transport}).
 */
public enum NettyTransport {
    /** epoll when its native library loads on this machine, NIO otherwise. */
    AUTO,
    /** Linux's epoll through Netty's native library; the node does not start when it cannot load. */
    EPOLL,
    /** Java's NIO selectors, on any platform. */
    NIO;

    /** Its name in settings and logs: {@code auto}, {@code epoll}, {@code nio}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
