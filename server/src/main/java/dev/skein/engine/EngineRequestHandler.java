package dev.skein.engine;

import dev.skein.config.Transport;
import dev.skein.health.Readiness;
import dev.skein.internal.Ids;
import dev.skein.limits.ClientAddresses;
import dev.skein.protocol.LegacyPayload;
import dev.skein.socket.Handshake;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.util.AttributeKey;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Engine.IO endpoint's HTTP side: checks each request like the official server (400 with {@code
 * {"code","message"}} for a wrong protocol version, an unknown transport or session, a bad method, a
 * long-poll after the upgrade; 503 for a handshake while draining; 429 and 403 past the per-address limits),
 * then opens a session, answers or parks a long-poll, takes a POST of packets, or turns the channel into a
 * websocket.
 */
@ChannelHandler.Sharable
final class EngineRequestHandler extends ChannelInboundHandlerAdapter {
    /** The session whose long-poll waits on a channel, so that a closed channel ends it. */
    static final AttributeKey<Connection> PENDING_POLL = AttributeKey.valueOf("skein.pendingPoll");

    private final String enginePath;
    private final Set<String> transports;
    private final Set<String> versions;
    private final EngineContext context;
    private final SessionFactory sessions;
    private final Readiness readiness;
    private final WebSocketUpgrade upgrade;
    private final boolean canUpgrade;

    EngineRequestHandler(
            String enginePath,
            Set<Transport> transports,
            boolean allowEio3,
            EngineContext context,
            SessionFactory sessions,
            Readiness readiness,
            WebSocketUpgrade upgrade) {
        this.enginePath = enginePath;
        this.transports = transports.stream().map(Transport::wireName).collect(Collectors.toUnmodifiableSet());
        this.versions = allowEio3 ? Set.of("3", "4") : Set.of("4");
        this.context = context;
        this.sessions = sessions;
        this.readiness = readiness;
        this.upgrade = upgrade;
        this.canUpgrade = transports.contains(Transport.WEBSOCKET);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request) || !request.uri().startsWith(enginePath)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            handle(ctx.channel(), request);
        } finally {
            request.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Connection waiting = ctx.channel().attr(PENDING_POLL).getAndSet(null);
        if (waiting != null) {
            Channel channel = ctx.channel();
            waiting.execute(() -> waiting.pollChannelClosed(channel));
        }
        ctx.fireChannelInactive();
    }

    private void handle(Channel channel, FullHttpRequest request) {
        EngineQuery query = EngineQuery.parse(request.uri());
        if (query == null) {
            refuse(channel, "query", 400, 3, "Bad request");
            return;
        }
        String version = query.version();
        if (!versions.contains(String.valueOf(version))) {
            refuse(channel, "protocol", 400, 5, "Unsupported protocol version");
            return;
        }
        String transport = String.valueOf(query.transport()).toLowerCase(Locale.ROOT);
        if (!transports.contains(transport)) {
            refuse(channel, "transport", 400, 0, "Transport unknown");
            return;
        }
        boolean websocket = Transport.WEBSOCKET.wireName().equals(transport);
        String sid = query.sid();
        boolean handshakeMethod = sid != null || HttpMethod.GET.equals(request.method());
        if (websocket && handshakeMethod && !WebSocketUpgrade.isUpgradeRequest(request)) {
            // the official answer to the websocket transport in a request that is no websocket upgrade (a
            // handshake that is no GET gets its own answer first)
            refuse(channel, "transport", 400, 3, "Bad request");
            return;
        }
        if (websocket && handshakeMethod && !WebSocketUpgrade.speaksVersion(request)) {
            context.metrics().handshakeError("websocket version");
            WebSocketUpgrade.refuseVersion(channel);
            return;
        }
        if (sid == null) {
            handshake(channel, request, query.parameters(), websocket, "3".equals(version));
            return;
        }
        Connection connection = context.registry().get(sid);
        if (connection == null) {
            refuse(channel, "session", 400, 1, "Session ID unknown");
            return;
        }
        HttpMethod method = request.method();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.POST.equals(method)) {
            refuse(channel, "method", 400, 2, "Bad request");
        } else if (websocket) {
            upgradeSession(channel, request, connection);
        } else if (connection.transport() == Transport.WEBSOCKET) {
            refuse(channel, "transport", 400, 3, "Bad request");
        } else {
            polling(channel, request, connection);
        }
    }

    private void polling(Channel channel, FullHttpRequest request, Connection connection) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (HttpMethod.GET.equals(request.method())) {
            channel.attr(PENDING_POLL).set(connection);
            connection.execute(() -> connection.poll(channel, keepAlive));
            return;
        }
        ByteBuf body = Unpooled.copiedBuffer(request.content());
        connection.execute(() -> {
            try {
                connection.post(channel, keepAlive, body);
            } finally {
                body.release();
            }
        });
    }

    private void handshake(
            Channel channel,
            FullHttpRequest request,
            Map<String, List<String>> params,
            boolean websocket,
            boolean eio3) {
        if (!HttpMethod.GET.equals(request.method())) {
            refuse(channel, "method", 400, 2, "Bad handshake method");
            return;
        }
        if (!readiness.acceptsClients()) {
            refuse(channel, "draining", 503, 6, "Server is not accepting new clients");
            return;
        }
        InetAddress client = context.limits().clientOf(channel, request);
        InetAddress held = client == null ? null : admit(channel, client);
        if (client != null && held == null) {
            return;
        }
        String id = Ids.sessionId();
        Connection connection = new Connection(
                id, eio3, websocket ? Transport.WEBSOCKET : Transport.POLLING, channel.eventLoop(), context);
        connection.holdAddress(context.limits().holdsConnections() ? held : null);
        connection.attach(sessions.open(connection, handshakeOf(client, request, params)));
        String open = openPacket(id, websocket, eio3);
        if (websocket) {
            connection.claimWebsocket();
            upgrade.open(channel, request, connection).addListener((ChannelFutureListener) f -> {
                if (!f.isSuccess()) {
                    connection.releaseAddress();
                    return;
                }
                context.registry().add(connection);
                connection.websocketOpened(channel, true);
                connection.offer(open, false);
                connection.start();
                connection.flush();
            });
            return;
        }
        context.registry().add(connection);
        String payload = eio3 ? LegacyPayload.segment(open) : open;
        context.responses()
                .payload(
                        channel, HttpUtil.isKeepAlive(request), Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8));
        connection.start();
    }

    /** A websocket for a polling session: the probe of its upgrade, or (a second one) opened and closed. */
    private void upgradeSession(Channel channel, FullHttpRequest request, Connection connection) {
        if (!connection.claimWebsocket()) {
            context.metrics().handshakeError("transport");
            // like the official server: the websocket opens, then closes at once
            upgrade.open(channel, request, null).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    channel.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
                }
            });
            return;
        }
        upgrade.open(channel, request, connection).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                connection.execute(() -> connection.websocketOpened(channel, false));
            }
        });
    }

    /**
     * The per-address limits of a new session from {@code client}: its limit key when admitted, else {@code
     * null} once the refusal is sent (429 for too many handshakes, 403 for too many connections; both with
     * the official {@code allowRequest} refusal's code 4).
     */
    private InetAddress admit(Channel channel, InetAddress client) {
        InetAddress key = ClientAddresses.limitKey(client);
        switch (context.limits().admit(key)) {
            case TOO_MANY_HANDSHAKES -> {
                FullHttpResponse tooMany = HttpResponses.error(429, 4, "Too many handshakes");
                tooMany.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
                context.metrics().handshakeError("handshake rate");
                HttpResponses.send(channel, tooMany);
                return null;
            }
            case TOO_MANY_CONNECTIONS -> {
                refuse(channel, "connection limit", 403, 4, "Too many connections");
                return null;
            }
            default -> {
                return key;
            }
        }
    }

    private void refuse(Channel channel, String metric, int status, int code, String message) {
        context.metrics().handshakeError(metric);
        HttpResponses.send(channel, HttpResponses.error(status, code, message));
    }

    private static Handshake handshakeOf(
            InetAddress client, FullHttpRequest request, Map<String, List<String>> params) {
        Map<String, List<String>> headers = new HashMap<>();
        for (String name : request.headers().names()) {
            // immutable copies: Netty's views (a linked list and a wrapper per header) would stay alive with
            // the connection
            headers.put(
                    name.toLowerCase(Locale.ROOT), List.copyOf(request.headers().getAll(name)));
        }
        String remote = client == null ? "unknown" : NetUtil.toAddressString(client);
        return new Handshake(headers, params, remote, Instant.now(), false, request.uri(), null);
    }

    /** The handshake's answer: {@code 0{"sid",...}}; upgrades offered to polling sessions only. */
    private String openPacket(String id, boolean websocket, boolean eio3) {
        EngineSettings settings = context.settings();
        StringBuilder open =
                new StringBuilder(160).append("0{\"sid\":\"").append(id).append("\",\"upgrades\":[");
        if (!websocket && canUpgrade) {
            open.append("\"websocket\"");
        }
        open.append("],\"pingInterval\":").append(settings.pingInterval().toMillis());
        open.append(",\"pingTimeout\":").append(settings.pingTimeout().toMillis());
        if (!eio3) {
            open.append(",\"maxPayload\":").append(settings.maxPayloadBytes());
        }
        return open.append('}').toString();
    }
}
