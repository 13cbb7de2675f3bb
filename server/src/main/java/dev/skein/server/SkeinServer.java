package dev.skein.server;

import dev.skein.adapter.AdapterFactory;
import dev.skein.auth.AuthGuard;
import dev.skein.auth.AuthMetrics;
import dev.skein.auth.Authenticator;
import dev.skein.auth.JwtAuthenticator;
import dev.skein.auth.RoomAuthorizer;
import dev.skein.auth.SignatureWorkers;
import dev.skein.cluster.RedisCluster;
import dev.skein.cluster.RedisLink;
import dev.skein.config.InputLimits;
import dev.skein.config.SkeinConfig;
import dev.skein.engine.Engine;
import dev.skein.health.ManagementServer;
import dev.skein.health.Readiness;
import dev.skein.internal.SkeinException;
import dev.skein.metrics.SkeinMetrics;
import dev.skein.protocol.DecoderLimits;
import dev.skein.push.JsonPushChannel;
import dev.skein.recovery.Recovery;
import dev.skein.routing.Routing;
import dev.skein.socket.BroadcastOperator;
import dev.skein.socket.ConnectMiddleware;
import dev.skein.socket.Namespace;
import dev.skein.socket.NamespaceGroup;
import dev.skein.socket.NamespaceMatcher;
import dev.skein.socket.Namespaces;
import dev.skein.web.StaticSite;
import dev.skein.web.StaticSiteHandler;
import dev.skein.wire.ClusterChannels;
import io.micrometer.core.instrument.Gauge;
import io.netty.util.HashedWheelTimer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Skein node: a Socket.IO server on netty-socketio, with its management port. Create it, register
 * handlers on its namespaces, {@link #start()} it; {@link #stop()} (or {@link #close()}) when done.
 *
 * <pre>{@code
 * try (SkeinServer server = SkeinServer.create(SkeinConfig.builder().port(3000).build())) {
 *     server.of("/").onConnection(socket -> socket.on("hello", (args, ack) -> ack.send("hi")));
 *     server.start();
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safe. Handlers run on network event loops and must not block.
 */
public final class SkeinServer implements AutoCloseable {
    /** How long a drained node still refuses handshakes cleanly after closing its last client. */
    private static final Duration DRAIN_LINGER = Duration.ofMillis(1_000);

    private static final Logger log = LoggerFactory.getLogger(SkeinServer.class);

    private final SkeinConfig config;
    private final StaticSite site;
    private final SkeinMetrics metrics = new SkeinMetrics();
    private final Readiness readiness = new Readiness();
    private final HashedWheelTimer timer = new HashedWheelTimer(daemon("skein-timer"), 10, TimeUnit.MILLISECONDS);
    private final Namespaces namespaces;
    private final RedisCluster cluster;
    private final Clock clock = Clock.systemUTC();
    /** Connection state recovery; {@code null} when off. */
    private final Recovery recovery;

    private AuthMetrics authMetrics;
    private AuthGuard authGuard;
    /** Where ES* and EdDSA tokens are checked, off the event loops; {@code null} when no key needs it. */
    private SignatureWorkers signatureWorkers;

    private volatile RoomAuthorizer roomAuthorizer = RoomAuthorizer.ALLOW_ALL;
    private final RoomAuthorizer countedRooms = this::allowsRoom;

    /** Backend routing from {@code SKEIN_ROUTES_FILE}, {@code null} when none is set. */
    private final Routing routing;

    private Engine engine;
    private ManagementServer management;
    private int port;

    private SkeinServer(SkeinConfig config, AdapterFactory adapters, StaticSite site) {
        this(config, adapters, null, site);
    }

    private SkeinServer(SkeinConfig config, AdapterFactory adapters, RedisLink link, StaticSite site) {
        this.config = config;
        this.site = site;
        // read the key files before anything connects: a bad one stops the node with one line
        JwtAuthenticator jwt = config.auth().enabled() ? JwtAuthenticator.create(config.auth(), clock) : null;
        if (jwt != null && jwt.hasSlowAlgorithms()) {
            signatureWorkers = SignatureWorkers.forProcessors();
            jwt = jwt.withSignatureWorkers(signatureWorkers);
            Gauge.builder("skein.auth.signature.queue", signatureWorkers, SignatureWorkers::queued)
                    .description("token signature checks waiting for a worker thread")
                    .register(metrics.registry());
        }
        // read the routes file before joining the cluster: a bad one stops the node with one line per error
        this.routing = config.routes().enabled()
                ? Routing.create(config.routes(), config.nodeId(), config.maxPayloadBytes(), metrics.registry())
                : null;
        this.cluster = link != null
                ? joinCluster(link, config, metrics)
                : adapters == null ? joinCluster(config, metrics) : null;
        this.recovery = Recovery.create(config.recovery(), cluster, metrics.registry(), clock);
        this.namespaces = new Namespaces(
                metrics, timer, cluster != null ? cluster : adapters, config.limits(), decoderLimits(config), recovery);
        namespaces.of("/");
        if (jwt != null) {
            authenticator(jwt);
            roomAuthorizer(RoomAuthorizer.fromClaim(config.auth().roomsClaim()));
            log.info(
                    "Clients authenticate on every namespace: {}; rooms from claim '{}'",
                    jwt.describe(),
                    config.auth().roomsClaim());
        }
        if (cluster != null && config.push().isPresent()) {
            JsonPushChannel.subscribe(cluster, config.push().get(), namespaces, metrics, config.maxPayloadBytes());
        }
    }

    private static DecoderLimits decoderLimits(SkeinConfig config) {
        InputLimits input = config.inputLimits();
        return new DecoderLimits(input.maxJsonDepth(), input.maxAttachments(), config.maxPayloadBytes());
    }

    /**
     * A node serving no static site: in the Redis cluster of {@code SKEIN_REDIS_URL} (or {@code SKEIN_REDIS_CONFIG}) when set, else
     * standalone with in-memory rooms.
     *
     * @throws SkeinException if the cluster's Redis cannot be reached
     */
    public static SkeinServer create(SkeinConfig config) {
        return create(config, StaticSite.none());
    }

    /**
     * A node serving {@code site}: in the Redis cluster of {@code SKEIN_REDIS_URL} (or {@code SKEIN_REDIS_CONFIG}) when set, else
     * standalone with in-memory rooms.
     *
     * @throws SkeinException if the cluster's Redis cannot be reached
     */
    public static SkeinServer create(SkeinConfig config, StaticSite site) {
        return config.clustered()
                ? new SkeinServer(config, null, site)
                : new SkeinServer(config, AdapterFactory.inMemory(), site);
    }

    /** A node with the given adapters and static site, whatever the configuration says about Redis. */
    public static SkeinServer create(SkeinConfig config, AdapterFactory adapters, StaticSite site) {
        return new SkeinServer(config, java.util.Objects.requireNonNull(adapters, "adapters"), site);
    }

    /**
     * A node serving no static site in the cluster of {@code link}'s Redis (such as an application's own Redisson
     * client, {@link RedisLink#borrow}), whatever the configuration says about Redis; {@link #stop()} closes the
     * link, which leaves a borrowed client running.
     */
    public static SkeinServer create(SkeinConfig config, RedisLink link) {
        return new SkeinServer(config, null, java.util.Objects.requireNonNull(link, "link"), StaticSite.none());
    }

    private static RedisCluster joinCluster(SkeinConfig config, SkeinMetrics metrics) {
        String clientName = "skein-" + config.nodeId();
        RedisLink link = config.redisConfigFile() != null
                ? RedisLink.connect(config.redisConfigFile(), clientName)
                : RedisLink.connect(config.redisUrl(), clientName);
        return joinCluster(link, config, metrics);
    }

    private static RedisCluster joinCluster(RedisLink link, SkeinConfig config, SkeinMetrics metrics) {
        return RedisCluster.join(
                link,
                new ClusterChannels(config.clusterChannelPrefix()),
                config.clusterRequestTimeout(),
                metrics,
                config.recovery().enabled());
    }

    public SkeinConfig config() {
        return config;
    }

    public SkeinMetrics metrics() {
        return metrics;
    }

    /** The namespace called {@code name} (created on first use). */
    public Namespace of(String name) {
        return namespaces.of(name);
    }

    /** Dynamic namespaces: every name that {@code pattern} matches entirely, created on first CONNECT. */
    public NamespaceGroup of(Pattern pattern) {
        return namespaces.of(pattern);
    }

    /** Dynamic namespaces: every name {@code matcher} accepts, created on first CONNECT. */
    public NamespaceGroup of(NamespaceMatcher matcher) {
        return namespaces.of(matcher);
    }

    /**
     * Sets the authenticator every namespace's CONNECT passes first, before any connect middleware (see {@link
     * Authenticator}); it replaces the one set before, such as the JWT one {@code SKEIN_AUTH_*} configures, for
     * CONNECTs from now on. Its refusals are counted in {@code skein_auth_rejected_total{reason}}.
     */
    public synchronized SkeinServer authenticator(Authenticator authenticator) {
        if (authGuard == null) {
            authGuard = new AuthGuard(
                    authenticator, authMetrics(), clock, config.auth().jwtClockSkew());
            namespaces.guard(authGuard);
        } else {
            authGuard.authenticator(authenticator);
        }
        return this;
    }

    /** The authenticator every CONNECT passes, if any: the JWT one when {@code SKEIN_AUTH_*} set one. */
    public synchronized java.util.Optional<Authenticator> authenticator() {
        return java.util.Optional.ofNullable(authGuard).map(AuthGuard::authenticator);
    }

    /**
     * Sets the hook that decides which rooms clients may ask to join (see {@link RoomAuthorizer}); by default
     * every room, or with JWT authentication the rooms of the {@code SKEIN_AUTH_ROOMS_CLAIM} claim.
     */
    public SkeinServer roomAuthorizer(RoomAuthorizer authorizer) {
        this.roomAuthorizer = java.util.Objects.requireNonNull(authorizer, "authorizer");
        authMetrics();
        return this;
    }

    /**
     * The room authorizer to consult in the handlers through which clients ask to join rooms: it asks the one
     * set now ({@link #roomAuthorizer(RoomAuthorizer)}), counts its refusals ({@code
     * skein_auth_rooms_refused_total}), and refuses when it throws.
     */
    public RoomAuthorizer roomAuthorizer() {
        return countedRooms;
    }

    private boolean allowsRoom(dev.skein.socket.Socket socket, String room) {
        RoomAuthorizer current = roomAuthorizer;
        boolean allowed;
        try {
            allowed = current.allows(socket, room);
        } catch (RuntimeException e) {
            log.warn("Room authorizer failed for socket {}; refusing", socket.id(), e);
            allowed = false;
        }
        if (!allowed) {
            authMetrics().roomRefused();
        }
        return allowed;
    }

    private synchronized AuthMetrics authMetrics() {
        if (authMetrics == null) {
            authMetrics = new AuthMetrics(metrics.registry());
        }
        return authMetrics;
    }

    /** Adds a connect middleware to {@code "/"}, like the official {@code io.use}. */
    public SkeinServer use(ConnectMiddleware middleware) {
        sockets().use(middleware);
        return this;
    }

    /** The main namespace, {@code "/"}. */
    public Namespace sockets() {
        return namespaces.of("/");
    }

    /** Targets the sockets of {@code "/"} in {@code rooms}. */
    public BroadcastOperator to(String... rooms) {
        return sockets().to(rooms);
    }

    /** The same as {@link #to}. */
    public BroadcastOperator in(String... rooms) {
        return sockets().in(rooms);
    }

    /** Targets the sockets of {@code "/"} not in {@code rooms}. */
    public BroadcastOperator except(String... rooms) {
        return sockets().except(rooms);
    }

    /** Emits to every socket of {@code "/"}. */
    public void emit(String event, Object... args) {
        sockets().emit(event, args);
    }

    /**
     * Binds both ports and starts taking clients; returns once bound.
     *
     * @throws SkeinException if a port cannot be bound (the message says which setting to change)
     * @throws IllegalStateException if already started
     */
    public synchronized SkeinServer start() {
        if (engine != null) {
            throw new IllegalStateException("Skein node " + config.nodeId() + " is already started");
        }
        long began = System.nanoTime();
        if (routing != null) {
            routing.start(namespaces);
        }
        Engine starting =
                Engine.create(config, namespaces, readiness, metrics, new StaticSiteHandler(site, Engine.PATH));
        port = starting.start();
        engine = starting;
        startManagement();
        awaitClusterListening();
        readiness.advanceTo(Readiness.State.READY);
        log.info(
                "Listening on {}://{}:{}/ (node={}, cluster={}, management=:{}, {}) in {} ms",
                config.tls() ? "https" : "http",
                config.host(),
                port,
                config.nodeId(),
                clusterName(),
                management.port(),
                engine.describe(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
        return this;
    }

    /** The bound Socket.IO port. */
    public int port() {
        return port;
    }

    /** The bound management port. */
    public int managementPort() {
        return management.port();
    }

    /** The current lifecycle state. */
    public Readiness.State state() {
        return readiness.state();
    }

    /**
     * Drains the node within {@code within}: readiness fails at once while clients are still served and
     * accepted for the configured drain delay (so that load balancers notice and send new clients
     * elsewhere); then new handshakes are refused and the connected clients' transports are closed in
     * batches ({@link DrainPlan}), without a Socket.IO DISCONNECT, so that they reconnect to another node.
     * Returns when none is left (and, if it closed any, after up to a second more of refusing handshakes, while
     * their clients reconnect elsewhere) or {@code within} has passed; an interrupt ends the delay and the
     * batches early. {@link #stop()} closes what is left.
     */
    public void drain(Duration within) {
        if (engine == null || !readiness.advanceTo(Readiness.State.DRAINING)) {
            return;
        }
        long began = System.nanoTime();
        long deadline = began + within.toNanos();
        Duration notice = min(config.drainDelay(), within);
        log.info(
                "Draining node {}: readiness fails; serving {} client connection(s) for {} ms more while load"
                        + " balancers move away",
                config.nodeId(),
                engine.connectionCount(),
                notice.toMillis());
        pause(notice);
        readiness.advanceTo(Readiness.State.CLOSING);
        int total = engine.connectionCount();
        DrainPlan plan = DrainPlan.spread(total, Duration.ofNanos(Math.max(0, deadline - System.nanoTime()) / 2));
        log.info(
                "Draining node {}: closing {} client connection(s), {} every {} ms",
                config.nodeId(),
                total,
                plan.batchSize(),
                plan.pause().toMillis());
        int closed = 0;
        while (engine.connectionCount() > 0
                && System.nanoTime() < deadline
                && !Thread.currentThread().isInterrupted()) {
            closed += engine.closeConnections(plan.batchSize());
            pause(plan.pause());
        }
        log.info(
                "Drained node {}: closed {} client connection(s) in {} ms, {} left",
                config.nodeId(),
                closed,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began),
                engine.connectionCount());
        if (closed > 0) {
            // the clients of the last batch reconnect within moments: until they have, they get a clean 503
            // (a load balancer retries it on another node) rather than a reset from a closing port
            pause(min(DRAIN_LINGER, Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
        }
    }

    /** Stops at once: closes every client's transport, both ports and the timers. Idempotent. */
    public synchronized void stop() {
        Readiness.State before = readiness.state();
        if (before == Readiness.State.STOPPED) {
            return;
        }
        readiness.advanceTo(Readiness.State.STOPPED);
        if (engine != null) {
            engine.closeConnections(Integer.MAX_VALUE);
            management.close();
            engine.stop();
        }
        timer.stop();
        if (routing != null) {
            routing.close();
        }
        if (signatureWorkers != null) {
            signatureWorkers.close();
        }
        namespaces.close();
        if (recovery != null) {
            recovery.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        metrics.close();
        if (engine != null) {
            log.info("Stopped node {}", config.nodeId());
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void startManagement() {
        try {
            management = ManagementServer.start(
                    config.host(), config.managementPort(), readiness, metrics, this::readinessDetails);
        } catch (java.io.UncheckedIOException e) {
            engine.stop();
            engine = null;
            throw new SkeinException(e.getMessage(), e);
        }
    }

    /**
     * A node is ready only once it hears the other nodes: otherwise a load balancer would send it clients
     * that miss the cluster's broadcasts until Redis confirms the subscriptions.
     */
    private void awaitClusterListening() {
        if (cluster == null) {
            return;
        }
        try {
            namespaces
                    .whenListening("/")
                    .toCompletableFuture()
                    .get(config.clusterRequestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn(
                    "Node {} is ready but not yet subscribed to the cluster's channels on {} ({}): its clients may"
                            + " miss other nodes' broadcasts until Redis answers",
                    config.nodeId(),
                    clusterName(),
                    e instanceof java.util.concurrent.TimeoutException
                            ? "no confirmation within "
                                    + config.clusterRequestTimeout().toMillis() + " ms"
                            : RedisLink.rootMessage(e));
        }
    }

    private String readinessDetails() {
        int connections = engine == null ? 0 : engine.connectionCount();
        String details = "\"node\":\"" + config.nodeId() + "\",\"connections\":" + connections + ",\"cluster\":\""
                + clusterName() + "\"";
        if (cluster == null) {
            return details;
        }
        // a node without Redis stays ready: it still serves its own clients, and every node shares the Redis,
        // so failing readiness would take the whole service out at once (docs/reliability.md)
        return details + ",\"uid\":\"" + cluster.uid() + "\",\"redis\":\"" + (cluster.isRedisUp() ? "up" : "down")
                + "\"";
    }

    private String clusterName() {
        return cluster == null ? "standalone" : cluster.address();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
