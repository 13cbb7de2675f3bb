package dev.skein.routing.ws;

import dev.skein.routing.Outbound;
import dev.skein.routing.RouteFailure;
import dev.skein.routing.RoutingMetrics;
import dev.skein.routing.config.ServiceSpec;
import dev.skein.routing.discovery.Instance;
import dev.skein.routing.discovery.Instances;
import dev.skein.socket.Socket;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket channels of one service, one per client socket: opened on the socket's first event for the
 * service (to the instance of choice), kept with pings, closed when the socket disconnects. A frame the service
 * sends, {@code {"event": name, "args": [...]}}, is emitted to that socket at once. When a channel ends other
 * than by its client, the client gets {@value #CLOSED_EVENT} {@code {"service": name}} and its next event opens a
 * new one; an instance that dropped a channel without a close frame, or never opened one, is set aside.
 * Thread-safe.
 */
public final class WsChannels implements ChannelOwner, AutoCloseable {
    /** The event a client gets when its channel to a service ends without its asking. */
    public static final String CLOSED_EVENT = "route_closed";

    private static final Logger log = LoggerFactory.getLogger(WsChannels.class);

    private final ServiceSpec spec;
    private final Instances instances;
    private final Outbound outbound;
    private final int maxFrameBytes;
    private final RoutingMetrics metrics;
    private final ConcurrentHashMap<String, BackendChannel> bySocket = new ConcurrentHashMap<>();
    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    private final Set<Instance> gauged = ConcurrentHashMap.newKeySet();

    /** @param maxFrameBytes the largest frame taken from the service (larger: the channel is closed) */
    public WsChannels(
            ServiceSpec spec, Instances instances, Outbound outbound, int maxFrameBytes, RoutingMetrics metrics) {
        this.spec = spec;
        this.instances = instances;
        this.outbound = outbound;
        this.maxFrameBytes = maxFrameBytes;
        this.metrics = metrics;
    }

    /** The socket's channel, opened now when it has none open; {@code null} when the service has no instance. */
    public BackendChannel channelFor(Socket socket) {
        BackendChannel existing = bySocket.get(socket.id());
        if (existing != null && !existing.isClosed()) {
            return existing;
        }
        Instance instance = instances.choose();
        if (instance == null) {
            return null;
        }
        BackendChannel fresh = new BackendChannel(instance, socket);
        boolean placed = existing == null
                ? bySocket.putIfAbsent(socket.id(), fresh) == null
                : bySocket.replace(socket.id(), existing, fresh);
        if (!placed) {
            return bySocket.get(socket.id());
        }
        watch(socket);
        open(fresh);
        return fresh;
    }

    /** Forgets an instance discovery no longer lists (its open channels stay until they end). */
    public void removed(Instance instance) {
        if (gauged.remove(instance)) {
            metrics.forgetChannels(spec.name(), instance.label());
        }
    }

    /** Channels open or opening now. */
    public int size() {
        return bySocket.size();
    }

    private void watch(Socket socket) {
        if (watched.add(socket.id())) {
            socket.onDisconnect(reason -> leave(socket.id()));
            if (!socket.connected()) {
                leave(socket.id());
            }
        }
    }

    private void leave(String socketId) {
        watched.remove(socketId);
        BackendChannel channel = bySocket.remove(socketId);
        if (channel != null) {
            channel.close();
        }
    }

    private void open(BackendChannel channel) {
        Instance instance = channel.instance();
        instance.begin();
        if (gauged.add(instance)) {
            metrics.channels(spec.name(), instance.label(), instance::inFlight);
        }
        outbound.bootstrap(spec.connectTimeout())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        pipeline(ch.pipeline(), channel);
                    }
                })
                .connect(InetSocketAddress.createUnresolved(instance.host(), instance.port()))
                .addListener(connected -> {
                    if (connected.isSuccess()) {
                        channel.connected(((io.netty.channel.ChannelFuture) connected).channel());
                    } else {
                        ended(channel);
                    }
                });
    }

    private void pipeline(ChannelPipeline pipeline, BackendChannel channel) {
        Instance instance = channel.instance();
        if (instance.secure()) {
            pipeline.addLast(outbound.tls().newHandler(pipeline.channel().alloc(), instance.host(), instance.port()));
        }
        long ping = spec.pingInterval().toMillis();
        // nothing read for a ping interval: a ping; for one more (not even its pong): the channel is dead
        pipeline.addLast(new IdleStateHandler(ping, 0, 0, TimeUnit.MILLISECONDS));
        pipeline.addLast(new HttpClientCodec());
        pipeline.addLast(new HttpObjectAggregator(16 * 1024));
        pipeline.addLast(new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(instance.uri())
                .version(WebSocketVersion.V13)
                .customHeaders(new DefaultHttpHeaders()
                        .set("X-Skein-Socket", channel.socket().id()))
                .maxFramePayloadLength(maxFrameBytes)
                .handshakeTimeoutMillis(spec.connectTimeout().toMillis())
                .handleCloseFrames(false)
                .dropPongFrames(true)
                .build()));
        pipeline.addLast(new WebSocketFrameAggregator(maxFrameBytes));
        pipeline.addLast(new ChannelHandler(channel, this));
    }

    @Override
    public void received(BackendChannel channel, String text) {
        Map<String, Object> frame;
        try {
            frame = dev.skein.routing.BackendMessages.object(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (RouteFailure e) {
            refused(channel, "not a JSON object");
            return;
        }
        if (!(frame.get("event") instanceof String event)
                || !(frame.getOrDefault("args", List.of()) instanceof List<?> args)) {
            refused(channel, "no event");
            return;
        }
        try {
            channel.socket().emit(event, args.toArray());
            metrics.push(spec.name(), "delivered");
        } catch (IllegalArgumentException e) {
            refused(channel, "reserved event");
        }
    }

    @Override
    public void refused(BackendChannel channel, String reason) {
        log.debug(
                "Service {} sent a frame that is not taken ({}) on socket {}",
                spec.name(),
                reason,
                channel.socket().id());
        metrics.push(spec.name(), reason);
    }

    @Override
    public void ended(BackendChannel channel) {
        BackendChannel.Ending ending = channel.ended();
        if (ending == BackendChannel.Ending.ALREADY) {
            return;
        }
        Instance instance = channel.instance();
        instance.end();
        Socket socket = channel.socket();
        bySocket.remove(socket.id(), channel);
        if (ending == BackendChannel.Ending.NEVER_OPENED || ending == BackendChannel.Ending.DROPPED) {
            instances.failed(instance);
        }
        if (ending == BackendChannel.Ending.DROPPED || ending == BackendChannel.Ending.BY_SERVICE) {
            log.debug("Channel of socket {} to {} of service {} ended: {}", socket.id(), instance, spec.name(), ending);
            if (socket.connected()) {
                socket.emit(CLOSED_EVENT, Map.of("service", spec.name()));
            }
        }
    }

    /** Closes every channel (the node stops). */
    @Override
    public void close() {
        List.copyOf(bySocket.keySet()).forEach(this::leave);
    }
}
