package dev.skein.socket;

import dev.skein.adapter.AdapterFactory;
import dev.skein.config.LimitsConfig;
import dev.skein.limits.LimitsMetrics;
import dev.skein.metrics.SkeinMetrics;
import dev.skein.protocol.DecoderLimits;
import dev.skein.protocol.SocketIoDecoder;
import io.netty.util.Timer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The namespaces of one server, created on first use, and the entry point of each new client.
 * Thread-safe.
 */
public final class Namespaces implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Namespaces.class);

    private final ConcurrentHashMap<String, NamespaceImpl> byName = new ConcurrentHashMap<>();
    private final List<NamespaceGroupImpl> groups = new CopyOnWriteArrayList<>();
    private final List<ConnectGuard> guards = new CopyOnWriteArrayList<>();
    private final SocketContext context;
    private final AdapterFactory adapters;
    private final DecoderLimits decoderLimits;

    /** Namespaces with the default abuse and decoder limits. */
    public Namespaces(SkeinMetrics metrics, Timer timer, AdapterFactory adapters) {
        this(metrics, timer, adapters, LimitsConfig.defaults(), DecoderLimits.DEFAULT);
    }

    /**
     * Namespaces whose connections and sockets keep to {@code limits} and whose clients' packets are decoded
     * within {@code decoderLimits}.
     */
    public Namespaces(
            SkeinMetrics metrics,
            Timer timer,
            AdapterFactory adapters,
            LimitsConfig limits,
            DecoderLimits decoderLimits) {
        this(metrics, timer, adapters, limits, decoderLimits, null);
    }

    /**
     * Namespaces as above, whose sockets' sessions are recoverable through {@code recovery} ({@code null}:
     * connection state recovery off).
     */
    public Namespaces(
            SkeinMetrics metrics,
            Timer timer,
            AdapterFactory adapters,
            LimitsConfig limits,
            DecoderLimits decoderLimits,
            dev.skein.recovery.Recovery recovery) {
        this.context = new SocketContext(
                metrics,
                timer,
                guards,
                new SocketLimits(limits, new LimitsMetrics(metrics.registry()), System::nanoTime),
                new java.util.concurrent.atomic.AtomicReference<>(),
                recovery);
        this.adapters = adapters;
        this.decoderLimits = java.util.Objects.requireNonNull(decoderLimits, "decoderLimits");
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
        return byName.computeIfAbsent(name, n -> new NamespaceImpl(n, context, adapters, null));
    }

    /** The namespace called {@code name} if this node has it; never creates one. */
    public java.util.Optional<Namespace> find(String name) {
        return java.util.Optional.ofNullable(byName.get(name));
    }

    /**
     * Adds a guard that every CONNECT to every namespace passes first, before the namespace's own middleware
     * (authentication); guards run in the order added. Applies to CONNECTs from now on.
     */
    public void guard(ConnectGuard guard) {
        guards.add(java.util.Objects.requireNonNull(guard, "guard"));
    }

    /**
     * Sets what takes the incoming events of every namespace that no handler of their socket takes (backend
     * routing); {@code null} drops them again, the default.
     */
    public void unhandled(UnhandledEventHandler handler) {
        context.unhandled().set(handler);
    }

    /** A group of dynamic namespaces: those whose name matches {@code pattern} entirely. */
    public NamespaceGroup of(Pattern pattern) {
        return of((name, auth) -> pattern.matcher(name).matches());
    }

    /** A group of dynamic namespaces: those {@code matcher} accepts, created on their first CONNECT. */
    public NamespaceGroup of(NamespaceMatcher matcher) {
        NamespaceGroupImpl group = new NamespaceGroupImpl(matcher);
        groups.add(group);
        return group;
    }

    /** Every namespace, a snapshot. */
    public Collection<Namespace> all() {
        return List.copyOf(byName.values());
    }

    /**
     * Creates the Socket.IO side of a new Engine.IO connection; {@link ClientSession#start()} it once the
     * Engine.IO handshake is on its way to the client.
     */
    public ClientSession open(ClientConnection connection, Handshake handshake) {
        return new ClientSession(connection, handshake, this, new SocketIoDecoder(decoderLimits));
    }

    /**
     * Completes once namespace {@code name} (created if new) hears the other nodes and, with connection state
     * recovery, reads its stream; fails if its subscriptions failed.
     */
    public java.util.concurrent.CompletionStage<Void> whenListening(String name) {
        return ((NamespaceImpl) of(name)).whenListening();
    }

    SocketLimits limits() {
        return context.limits();
    }

    /**
     * The namespace a CONNECT asks for: an existing one, or a new one of the first group that
     * accepts it; {@code null} when none.
     */
    NamespaceImpl find(String name, Map<String, Object> auth) {
        NamespaceImpl existing = byName.get(name);
        if (existing != null) {
            return existing;
        }
        for (NamespaceGroupImpl group : groups) {
            if (matches(group, name, auth)) {
                return byName.computeIfAbsent(name, n -> {
                    NamespaceImpl child = new NamespaceImpl(n, context, adapters, group);
                    group.adopt(child);
                    return child;
                });
            }
        }
        return null;
    }

    private static boolean matches(NamespaceGroupImpl group, String name, Map<String, Object> auth) {
        try {
            return group.matches(name, auth);
        } catch (RuntimeException e) {
            log.warn("Namespace matcher failed for {}", name, e);
            return false;
        }
    }

    private int roomCount() {
        return byName.values().stream().mapToInt(n -> n.adapter().roomCount()).sum();
    }

    @Override
    public void close() {
        byName.values().forEach(n -> n.adapter().close());
    }
}
