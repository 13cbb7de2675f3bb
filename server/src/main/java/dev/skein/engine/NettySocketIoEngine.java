package dev.skein.engine;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOServer;
import dev.skein.config.SkeinConfig;
import dev.skein.health.Readiness;
import dev.skein.internal.SkeinException;
import dev.skein.metrics.SkeinMetrics;
import dev.skein.socket.Namespaces;
import io.netty.channel.ChannelHandler;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** The Engine.IO layer on netty-socketio's server, with Skein's handlers around it (being replaced). */
final class NettySocketIoEngine implements Engine {
    private final SkeinConfig config;
    private final EngineChannelInitializer initializer;
    private SocketIOServer netty;

    NettySocketIoEngine(
            SkeinConfig config,
            Namespaces namespaces,
            Readiness readiness,
            SkeinMetrics metrics,
            ChannelHandler siteHandler) {
        this.config = config;
        this.initializer = new EngineChannelInitializer(config, namespaces, readiness, metrics, siteHandler);
    }

    @Override
    public int start() {
        int port = config.port() == 0 ? freePort(config.host()) : config.port();
        Configuration nettyConfig = EngineChannelInitializer.nettySocketIoConfiguration(config);
        nettyConfig.setPort(port);
        netty = new SocketIOServer(nettyConfig);
        netty.setPipelineFactory(initializer);
        io.netty.util.concurrent.Future<Void> bound = netty.startAsync().awaitUninterruptibly();
        if (bound.isSuccess()) {
            return port;
        }
        Throwable cause = bound.cause();
        netty.stop();
        netty = null;
        if (cause instanceof BindException) {
            throw new SkeinException(
                    "Port " + port + " already in use on " + config.host() + "; set SKEIN_PORT", cause);
        }
        throw new SkeinException("Cannot start Skein on " + config.host() + ":" + port + ": " + cause, cause);
    }

    @Override
    public int connectionCount() {
        return initializer.connectionCount();
    }

    @Override
    public int closeConnections(int max) {
        return initializer.closeConnections(max);
    }

    @Override
    public void stop() {
        if (netty != null) {
            initializer.closeConnections(Integer.MAX_VALUE);
            netty.stop();
            netty = null;
        }
    }

    // netty-socketio cannot report the port it bound: a free one is looked for first
    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new SkeinException("No free port on " + host + ": " + e.getMessage(), e);
        }
    }
}
