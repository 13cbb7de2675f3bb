package dev.skein.engine;

import com.corundumstudio.socketio.HandshakeData;
import com.corundumstudio.socketio.handler.ClientHead;
import dev.skein.config.Transport;
import dev.skein.metrics.SkeinMetrics;
import dev.skein.socket.ClientSession;
import dev.skein.socket.Handshake;
import dev.skein.socket.Namespaces;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live Engine.IO connections of this node, each with its Socket.IO session, opened when
 * netty-socketio's handshake registers a session. Thread-safe.
 */
final class EngineSessions {
    private final ConcurrentHashMap<UUID, EngineConnection> byId = new ConcurrentHashMap<>();
    private final Namespaces namespaces;
    private final SessionTracker tracker = new SessionTracker(this::open, this::bound);
    private final EngineScheduler timers;
    private final EngineConnection.Settings settings;
    private final SkeinMetrics metrics;

    EngineSessions(
            Namespaces namespaces, EngineScheduler timers, EngineConnection.Settings settings, SkeinMetrics metrics) {
        this.namespaces = namespaces;
        this.timers = timers;
        this.settings = settings;
        this.metrics = metrics;
        for (Transport transport : Transport.values()) {
            metrics.gauge(
                    "skein.clients.connected",
                    "Engine.IO connections by transport",
                    () -> count(transport),
                    "transport",
                    transport.wireName());
        }
    }

    /** netty-socketio's session registry, reporting to this. */
    SessionTracker tracker() {
        return tracker;
    }

    /** The live connection of {@code head}, or {@code null} once it is closed. */
    EngineConnection of(ClientHead head) {
        return byId.get(head.getSessionId());
    }

    /** The live connection of session {@code id}, or {@code null}. */
    EngineConnection of(UUID id) {
        return byId.get(id);
    }

    /** netty-socketio reported the connection gone: disconnect its sockets. Idempotent. */
    void closed(ClientHead head, String reason) {
        EngineConnection connection = byId.get(head.getSessionId());
        if (connection != null) {
            connection.close(reason);
        }
    }

    /** A snapshot of every live connection. */
    List<EngineConnection> all() {
        return new ArrayList<>(byId.values());
    }

    int size() {
        return byId.size();
    }

    private void open(ClientHead head) {
        EngineConnection connection =
                new EngineConnection(head, tracker, timers, settings, metrics, () -> byId.remove(head.getSessionId()));
        ClientSession session = namespaces.open(connection, handshakeOf(head.getHandshakeData()));
        connection.attach(session);
        byId.put(head.getSessionId(), connection);
        connection.start();
    }

    private void bound(ClientHead head, io.netty.channel.Channel channel) {
        EngineConnection connection = byId.get(head.getSessionId());
        if (connection != null) {
            connection.transportBound(channel);
        }
    }

    private long count(Transport transport) {
        return byId.values().stream().filter(c -> c.transport() == transport).count();
    }

    private static Handshake handshakeOf(HandshakeData data) {
        Map<String, List<String>> headers = new HashMap<>();
        for (String name : data.getHttpHeaders().names()) {
            headers.put(name.toLowerCase(Locale.ROOT), data.getHttpHeaders().getAll(name));
        }
        InetSocketAddress address = data.getAddress();
        String remote = address == null ? "unknown" : address.getHostString() + ":" + address.getPort();
        Instant time = data.getTime() == null ? Instant.now() : data.getTime().toInstant();
        return new Handshake(headers, data.getUrlParams(), remote, time, false, data.getUrl(), null);
    }
}
