package dev.skein.socket;

import dev.skein.adapter.AdapterFactory;
import dev.skein.metrics.SkeinMetrics;
import io.netty.util.Timer;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The namespaces of one server, created on first use, and the entry point of each new client.
 * Thread-safe.
 */
public final class Namespaces implements AutoCloseable {
    private final ConcurrentHashMap<String, NamespaceImpl> byName = new ConcurrentHashMap<>();
    private final SocketContext context;
    private final AdapterFactory adapters;

    public Namespaces(SkeinMetrics metrics, Timer timer, AdapterFactory adapters) {
        this.context = new SocketContext(metrics, timer);
        this.adapters = adapters;
        metrics.gauge("skein.namespaces", "namespaces with handlers or clients", byName::size);
        metrics.gauge("skein.rooms", "rooms with a member on this node", this::roomCount);
    }

    /**
     * The namespace called {@code name}, created when new.
     *
     * @throws IllegalArgumentException if {@code name} does not start with {@code /}
     */
    public Namespace of(String name) {
        if (name == null || !name.startsWith("/")) {
            throw new IllegalArgumentException("namespace : " + name + " (expected: a name starting with /)");
        }
        return byName.computeIfAbsent(name, n -> new NamespaceImpl(n, context, adapters));
    }

    /** Every namespace, a snapshot. */
    public Collection<Namespace> all() {
        return List.copyOf(byName.values());
    }

    /** Starts the Socket.IO side of a new Engine.IO connection. */
    public ClientSession open(ClientConnection connection, Handshake handshake) {
        return new ClientSession(connection, handshake, this);
    }

    NamespaceImpl find(String name) {
        return byName.get(name);
    }

    private int roomCount() {
        return byName.values().stream().mapToInt(n -> n.adapter().roomCount()).sum();
    }

    @Override
    public void close() {
        byName.values().forEach(n -> n.adapter().close());
    }
}
