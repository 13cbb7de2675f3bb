package dev.skein.engine;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOChannelInitializer;
import com.corundumstudio.socketio.ack.AckManager;
import com.corundumstudio.socketio.handler.AuthorizeHandler;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.handler.WrongUrlHandler;
import com.corundumstudio.socketio.namespace.NamespacesHub;
import com.corundumstudio.socketio.protocol.PacketDecoder;
import com.corundumstudio.socketio.store.StoreFactory;
import com.corundumstudio.socketio.transport.PollingTransport;
import com.corundumstudio.socketio.transport.WebSocketTransport;
import dev.skein.config.SkeinConfig;
import dev.skein.health.Readiness;
import dev.skein.metrics.SkeinMetrics;
import dev.skein.socket.Namespaces;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;

/**
 * Builds each connection's pipeline and owns the Engine.IO collaborators netty-socketio would create
 * privately in {@link SocketIOChannelInitializer#start}, so that Skein can replace the defective ones
 * and reach the sessions.
 *
 * <p>Inbound order: HTTP codec, CORS, request checks, the static site, Skein's packet handler, then
 * netty-socketio's handshake and transports; Skein's response encoder writes everything they queue.
 */
public final class EngineChannelInitializer extends SocketIOChannelInitializer {
    /** The path of the Engine.IO endpoint. */
    public static final String ENGINE_PATH = "/socket.io/";

    private final SkeinConfig config;
    private final Namespaces namespaces;
    private final Readiness readiness;
    private final SkeinMetrics metrics;
    private final ChannelHandler siteHandler;
    /** netty-socketio's own heartbeat is switched off (about six days); {@link Heartbeat} runs it. */
    private static final int NETTY_HEARTBEAT_OFF_MILLIS = Integer.MAX_VALUE / 4;

    private final EngineScheduler scheduler = new EngineScheduler();

    private Configuration configuration;
    private AckManager ackManager;
    private AuthorizeHandler authorizeHandler;
    private PollingTransport pollingTransport;
    private WebSocketTransport webSocketTransport;
    private EngineSessions sessions;
    private CorsHandler corsHandler;
    private RequestGuard requestGuard;
    private EnginePacketHandler packetHandler;
    private EngineResponseEncoder responseEncoder;
    private FrameTypeRecorder frameTypeRecorder;
    private ConnectionErrorHandler errorHandler;
    private WritabilityResumer writabilityResumer;

    /**
     * @param siteHandler serves every request outside {@link #ENGINE_PATH} (the demo page)
     */
    public EngineChannelInitializer(
            SkeinConfig config,
            Namespaces namespaces,
            Readiness readiness,
            SkeinMetrics metrics,
            ChannelHandler siteHandler) {
        this.config = config;
        this.namespaces = namespaces;
        this.readiness = readiness;
        this.metrics = metrics;
        this.siteHandler = siteHandler;
    }

    /** The netty-socketio configuration Skein runs it with: safe defaults, Skein's limits. */
    public static Configuration nettySocketIoConfiguration(SkeinConfig config) {
        Configuration c = new Configuration();
        c.setHostname(config.host());
        c.setPort(config.port());
        c.setRandomSession(true);
        c.getSocketConfig().setReuseAddress(true);
        c.getSocketConfig().setTcpNoDelay(true);
        c.setPingInterval(NETTY_HEARTBEAT_OFF_MILLIS);
        c.setPingTimeout(NETTY_HEARTBEAT_OFF_MILLIS);
        c.setMaxHttpContentLength(config.maxPayloadBytes());
        c.setMaxFramePayloadLength(config.maxPayloadBytes());
        c.setTransports(config.transports().stream()
                .map(t -> com.corundumstudio.socketio.Transport.valueOf(t.name()))
                .toArray(com.corundumstudio.socketio.Transport[]::new));
        c.setAllowCustomRequests(true);
        c.setEnableCors(false);
        c.setSSLProtocol("TLSv1.3");
        c.setWebsocketCompression(false);
        c.setHttpCompression(false);
        c.setAddVersionHeader(false);
        c.setExceptionListener(new QuietExceptionListener());
        return c;
    }

    @Override
    public void start(Configuration configuration, NamespacesHub namespacesHub) {
        this.configuration = configuration;
        ackManager = new AckManager(scheduler);
        sessions = new EngineSessions(
                namespaces,
                scheduler,
                new EngineConnection.Settings(
                        config.pingInterval(),
                        config.pingTimeout(),
                        config.connectTimeout(),
                        config.maxQueuedPacketsPerClient()),
                metrics);
        SessionTracker tracker = sessions.tracker();
        StoreFactory storeFactory = configuration.getStoreFactory();
        authorizeHandler = new AuthorizeHandler(
                ENGINE_PATH, scheduler, configuration, namespacesHub, storeFactory, this, ackManager, tracker);
        storeFactory.init(namespacesHub, authorizeHandler, configuration.getJsonSupport());
        // netty-socketio's decoder is only used by polling for JSONP (EIO3), which RequestGuard refuses
        PacketDecoder legacyDecoder = new PacketDecoder(configuration.getJsonSupport(), ackManager);
        pollingTransport = new PollingTransport(legacyDecoder, authorizeHandler, tracker);
        webSocketTransport = new WebSocketTransport(false, authorizeHandler, configuration, scheduler, tracker);
        corsHandler = new CorsHandler(new OriginPolicy(config.corsOrigins()), ENGINE_PATH, metrics);
        requestGuard =
                new RequestGuard(ENGINE_PATH, config.transports(), config.allowEio3(), sessions, readiness, metrics);
        packetHandler = new EnginePacketHandler(sessions, scheduler, metrics);
        responseEncoder = new EngineResponseEncoder(metrics, config);
        frameTypeRecorder = new FrameTypeRecorder();
        errorHandler = new ConnectionErrorHandler(metrics);
        writabilityResumer = new WritabilityResumer(tracker);
    }

    @Override
    protected void addSocketioHandlers(ChannelPipeline pipeline) {
        pipeline.addLast(HTTP_REQUEST_DECODER, new HttpRequestDecoder(configuration.getHttpDecoderConfig()));
        // before the aggregator, so that its own 413 answer for an oversized body gets encoded
        pipeline.addLast(HTTP_ENCODER, new HttpResponseEncoder());
        pipeline.addLast(HTTP_AGGREGATOR, new BodyAggregator(configuration.getMaxHttpContentLength(), metrics));
        pipeline.addLast("skeinCors", corsHandler);
        pipeline.addLast("skeinRequestGuard", requestGuard);
        pipeline.addLast("skeinSite", siteHandler);
        pipeline.addLast(PACKET_HANDLER, packetHandler);
        pipeline.addLast(AUTHORIZE_HANDLER, authorizeHandler);
        pipeline.addLast(XHR_POLLING_TRANSPORT, pollingTransport);
        if (config.websocketCompression()) {
            pipeline.addLast(
                    WEB_SOCKET_TRANSPORT_COMPRESSION,
                    new WebSocketServerExtensionHandler(new PerMessageDeflateServerExtensionHandshaker(
                            6,
                            false,
                            PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE,
                            false,
                            false,
                            UncompressedFrames.FILTER)));
        }
        pipeline.addLast("skeinFrameType", frameTypeRecorder);
        pipeline.addLast("skeinWritability", writabilityResumer);
        pipeline.addLast(WEB_SOCKET_TRANSPORT, webSocketTransport);
        pipeline.addLast(SOCKETIO_ENCODER, responseEncoder);
        pipeline.addLast(WRONG_URL_HANDLER, new WrongUrlHandler());
        pipeline.addLast("skeinErrors", errorHandler);
    }

    @Override
    public void onDisconnect(ClientHead client) {
        ackManager.onDisconnect(client);
        authorizeHandler.onDisconnect(client);
        configuration.getStoreFactory().onDisconnect(client);
        sessions.closed(client, "transport close");
    }

    /** The number of live Engine.IO connections. */
    public int connectionCount() {
        return sessions == null ? 0 : sessions.size();
    }

    /**
     * Closes the transports of up to {@code max} open connections without a Socket.IO DISCONNECT, so that
     * their clients reconnect (to another node). Returns how many were closed.
     */
    public int closeConnections(int max) {
        int closed = 0;
        for (EngineConnection connection : sessions.all()) {
            if (closed == max) {
                break;
            }
            if (!connection.isOpen()) {
                continue;
            }
            connection.closeForDrain();
            closed++;
        }
        return closed;
    }

    @Override
    public void stop() {
        configuration.getStoreFactory().shutdown();
        scheduler.shutdown();
    }
}
