package dev.skein.engine;

import dev.skein.config.SkeinConfig;
import dev.skein.health.Readiness;
import dev.skein.internal.SkeinException;
import dev.skein.metrics.SkeinMetrics;
import dev.skein.socket.Namespaces;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Skein's own Engine.IO layer on plain Netty: owns the event loops (on the {@link IoTransport} the
 * configuration asks for), the bound client port (over TLS when configured) and the connections. Socket.IO
 * is served at {@link Engine#PATH}; with {@link SkeinConfig#engineEcho()}, a raw Engine.IO echo too, at
 * {@link #ECHO_PATH}.
 */
final class EngineServer implements Engine {
    /** The path of the raw Engine.IO echo endpoint, where the official Engine.IO test suite looks for it. */
    static final String ECHO_PATH = "/engine.io/";

    private final SkeinConfig config;
    private final EngineContext context;
    private final EngineInitializer initializer;
    private final ServerTls tls;
    private IoTransport io;
    private EventLoopGroup acceptor;
    private volatile EventLoopGroup workers;
    private Channel listening;

    EngineServer(
            SkeinConfig config,
            Namespaces namespaces,
            Readiness readiness,
            SkeinMetrics metrics,
            ChannelHandler siteHandler) {
        this.config = config;
        this.tls = config.tls() ? ServerTls.load(config.tlsCertFile(), config.tlsKeyFile()) : null;
        this.context = new EngineContext(
                EngineSettings.of(config),
                config.websocketCompression(),
                metrics,
                new EngineLimits(config.limits(), metrics.registry(), System::nanoTime));
        WebSocketUpgrade upgrade =
                new WebSocketUpgrade(config.maxPayloadBytes(), config.websocketCompression(), tls != null, context);
        EngineRequestHandler endpoint = endpoint(Engine.PATH, namespaces::open, readiness, upgrade);
        EngineRequestHandler echo = config.engineEcho()
                ? endpoint(ECHO_PATH, (connection, handshake) -> new EchoSession(connection), readiness, upgrade)
                : null;
        List<String> paths = echo == null ? List.of(Engine.PATH) : List.of(Engine.PATH, ECHO_PATH);
        CorsHandler cors = new CorsHandler(new OriginPolicy(config.corsOrigins()), paths, metrics);
        this.initializer =
                new EngineInitializer(config, metrics, context.limits(), tls, cors, siteHandler, endpoint, echo);
        metrics.gauge(
                "skein.event.loop.pending.tasks",
                "Tasks queued on the event loops and not yet run (a sum): a backlog that grows means the loops"
                        + " cannot keep up",
                this::pendingTasks);
    }

    /** The tasks waiting on the worker loops now (read at each scrape: each loop's queue size, summed). */
    private int pendingTasks() {
        EventLoopGroup loops = workers;
        if (loops == null || loops.isShuttingDown()) {
            return 0;
        }
        int pending = 0;
        for (EventExecutor loop : loops) {
            if (loop instanceof SingleThreadEventExecutor queued) {
                pending += queued.pendingTasks();
            }
        }
        return pending;
    }

    private EngineRequestHandler endpoint(
            String path, SessionFactory sessions, Readiness readiness, WebSocketUpgrade upgrade) {
        return new EngineRequestHandler(
                path, config.transports(), config.allowEio3(), context, sessions, readiness, upgrade);
    }

    @Override
    public synchronized int start() {
        io = IoTransport.choose(config.nettyTransport());
        IoHandlerFactory handlers = io.handlerFactory();
        acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("skein-accept", true), handlers);
        workers = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("skein-io", true), handlers);
        ChannelFuture bound = new ServerBootstrap()
                .group(acceptor, workers)
                .channel(io.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(initializer)
                .bind(config.host(), config.port())
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            Throwable cause = bound.cause();
            stopLoops();
            if (cause instanceof BindException
                    || String.valueOf(cause.getMessage()).contains("Address already in use")) {
                throw new SkeinException(
                        "Port " + config.port() + " already in use on " + config.host() + "; set SKEIN_PORT", cause);
            }
            throw new SkeinException(
                    "Cannot start Skein on " + config.host() + ":" + config.port() + ": " + cause, cause);
        }
        listening = bound.channel();
        return ((InetSocketAddress) listening.localAddress()).getPort();
    }

    @Override
    public String describe() {
        String transport = "transport=" + (io == null ? "unstarted" : io.displayName());
        String echo = config.engineEcho() ? ", raw Engine.IO echo at " + ECHO_PATH : "";
        return (tls == null ? transport : transport + ", tls=" + tls.providerName()) + echo;
    }

    @Override
    public int connectionCount() {
        return context.registry().size();
    }

    @Override
    public int closeConnections(int max) {
        int closed = 0;
        for (Connection connection : context.registry().all()) {
            if (closed == max) {
                break;
            }
            if (connection.isOpen()) {
                connection.closeForDrain();
                closed++;
            }
        }
        return closed;
    }

    @Override
    public synchronized void stop() {
        if (listening == null) {
            return;
        }
        listening.close().awaitUninterruptibly();
        listening = null;
        closeConnections(Integer.MAX_VALUE);
        context.stop();
        stopLoops();
    }

    private void stopLoops() {
        if (acceptor != null) {
            acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }
}
