package dev.skein.engine;

import dev.skein.config.Transport;
import dev.skein.metrics.SkeinMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** The live Engine.IO connections of this node by session id. Thread-safe. */
final class ConnectionRegistry {
    private final ConcurrentHashMap<String, Connection> byId = new ConcurrentHashMap<>();

    ConnectionRegistry(SkeinMetrics metrics) {
        for (Transport transport : Transport.values()) {
            // counted when scraped, not kept up to date on every change
            metrics.gauge(
                    "skein.clients.connected",
                    "Engine.IO connections by transport",
                    () -> count(transport),
                    "transport",
                    transport.wireName());
        }
    }

    void add(Connection connection) {
        byId.put(connection.sessionId(), connection);
    }

    /** The live connection of session {@code id}, or {@code null}. */
    Connection get(String id) {
        return id == null ? null : byId.get(id);
    }

    void remove(Connection connection) {
        byId.remove(connection.sessionId(), connection);
    }

    /** A snapshot of every live connection. */
    List<Connection> all() {
        return new ArrayList<>(byId.values());
    }

    int size() {
        return byId.size();
    }

    private long count(Transport transport) {
        return byId.values().stream().filter(c -> c.transport() == transport).count();
    }
}
