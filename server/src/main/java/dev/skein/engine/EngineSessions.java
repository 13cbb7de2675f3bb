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

/** The live Engine.IO connections of this node, each with its Socket.IO session. Thread-safe. */
final class EngineSessions {
    private final ConcurrentHashMap<UUID, EngineConnection> byId = new ConcurrentHashMap<>();
    private final Namespaces namespaces;
    private final SessionTracker tracker;
    private final SkeinMetrics metrics;
    private final int maxQueuedPackets;

    EngineSessions(Namespaces namespaces, SessionTracker tracker, SkeinMetrics metrics, int maxQueuedPackets) {
        this.namespaces = namespaces;
        this.tracker = tracker;
        this.metrics = metrics;
        this.maxQueuedPackets = maxQueuedPackets;
        for (Transport transport : Transport.values()) {
            metrics.gauge(
                    "skein.clients.connected",
                    "Engine.IO connections by transport",
                    () -> count(transport),
                    "transport",
                    transport.wireName());
        }
    }

    /** The connection of {@code head}, created with its Socket.IO session on first use. */
    EngineConnection of(ClientHead head) {
        return byId.computeIfAbsent(head.getSessionId(), id -> open(head));
    }

    /** netty-socketio reported the connection gone: disconnect its sockets. Idempotent. */
    void closed(ClientHead head, String reason) {
        EngineConnection connection = byId.remove(head.getSessionId());
        if (connection != null) {
            connection.markClosed();
            connection.session().onConnectionClosed(reason);
        }
    }

    /** A snapshot of every live connection. */
    List<EngineConnection> all() {
        return new ArrayList<>(byId.values());
    }

    int size() {
        return byId.size();
    }

    private EngineConnection open(ClientHead head) {
        EngineConnection connection =
                new EngineConnection(head, tracker, metrics, maxQueuedPackets, h -> closed(h, "transport close"));
        ClientSession session = namespaces.open(connection, handshakeOf(head.getHandshakeData()));
        connection.attach(session);
        return connection;
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
