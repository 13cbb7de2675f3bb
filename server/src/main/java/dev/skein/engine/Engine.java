package dev.skein.engine;

import dev.skein.config.SkeinConfig;
import dev.skein.health.Readiness;
import dev.skein.metrics.SkeinMetrics;
import dev.skein.socket.Namespaces;
import io.netty.channel.ChannelHandler;

/**
 * The Engine.IO layer of a node: its client port, its connections, their transports. {@link
 * dev.skein.server.SkeinServer} keeps the node's lifecycle and drives this.
 */
public interface Engine {
    /** The path of the Engine.IO endpoint, where the official clients connect. */
    String PATH = "/socket.io/";

    /**
     * Binds the client port and starts taking connections.
     *
     * @return the bound port (the one chosen by the system when the configured port is 0)
     * @throws dev.skein.internal.SkeinException if the port cannot be bound (the message says which setting
     *     to change)
     */
    int start();

    /**
     * How the client port is served, for the start line: Netty's transport, and TLS's provider when on
     * ({@code "transport=epoll, tls=openssl"}).
     */
    default String describe() {
        return "transport=nio";
    }

    /** The number of live Engine.IO connections. */
    int connectionCount();

    /**
     * Closes the transports of up to {@code max} open connections without a Socket.IO DISCONNECT, so that
     * their clients reconnect (to another node). Returns how many were closed.
     */
    int closeConnections(int max);

    /** Closes the port, every connection and the event loops. Idempotent. */
    void stop();

    /** The engine {@code config} asks for, serving {@code siteHandler} outside the Engine.IO path. */
    static Engine create(
            SkeinConfig config,
            Namespaces namespaces,
            Readiness readiness,
            SkeinMetrics metrics,
            ChannelHandler siteHandler) {
        return new EngineServer(config, namespaces, readiness, metrics, siteHandler);
    }
}
