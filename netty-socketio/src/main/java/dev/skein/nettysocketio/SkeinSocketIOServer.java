package dev.skein.nettysocketio;

import com.corundumstudio.socketio.AckMode;
import com.corundumstudio.socketio.BroadcastOperations;
import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOChannelInitializer;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIONamespace;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.handler.SuccessAuthorizationListener;
import com.corundumstudio.socketio.listener.ConnectListener;
import com.corundumstudio.socketio.listener.DataListener;
import com.corundumstudio.socketio.listener.DisconnectListener;
import com.corundumstudio.socketio.listener.EventInterceptor;
import com.corundumstudio.socketio.listener.MultiTypeEventListener;
import com.corundumstudio.socketio.listener.PingListener;
import com.corundumstudio.socketio.listener.PongListener;
import dev.skein.adapter.AdapterFactory;
import dev.skein.cluster.RedisLink;
import dev.skein.config.ConfigException;
import dev.skein.config.SkeinConfig;
import dev.skein.server.SkeinServer;
import dev.skein.web.StaticSite;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A netty-socketio {@link SocketIOServer} served by Skein's engine: replace {@code new SocketIOServer(configuration)}
 * with {@code new SkeinSocketIOServer(configuration)} and the application's listeners, namespaces, rooms, acks and
 * broadcasts run on Skein, with its fixes, limits, metrics and clustering. Every public method of {@link
 * SocketIOServer} is overridden: netty-socketio's pipeline, stores and Netty bootstrap never start.
 *
 * <p>The {@link Configuration} is mapped once, here ({@code docs/netty-socketio.md} lists each field): a
 * {@code RedissonStoreFactory} makes this node one of a Redis cluster through that Redisson client, in the official
 * {@code @socket.io/redis-adapter} format; a field Skein cannot honour is refused with a {@link ConfigException}
 * naming it, one that has no meaning on Skein is logged once at {@link #start()}. Settings netty-socketio has not
 * (management port, limits, trusted proxies, node id) come from the {@link SkeinConfig} of the second constructor.
 *
 * <p>Thread-safe. Listeners run on the clients' event loops, as in netty-socketio: they must not block.
 */
public class SkeinSocketIOServer extends SocketIOServer {
    private static final Logger log = LoggerFactory.getLogger(SkeinSocketIOServer.class);

    private final SkeinServer skein;
    private final List<String> notes;
    private final SkeinNamespace.Settings settings;
    private final ConcurrentHashMap<String, SkeinNamespace> namespaces = new ConcurrentHashMap<>();
    private final Set<String> bound = ConcurrentHashMap.newKeySet();
    private final SkeinNamespace main;

    /**
     * A server for {@code configuration}, with Skein's defaults for what netty-socketio has no setting for, except
     * the management port (health and metrics), which is any free port (logged at start) rather than 8081.
     *
     * @throws ConfigException if the configuration asks for what Skein cannot honour
     */
    public SkeinSocketIOServer(Configuration configuration) {
        this(configuration, SkeinConfig.builder().managementPort(0).build());
    }

    /**
     * A server for {@code configuration}, with {@code base}'s settings for what netty-socketio has none for
     * (management port, limits, trusted proxies, TLS files, node id, shutdown grace). {@code ConfigLoader.load(args,
     * System.getenv())} reads such a base from {@code SKEIN_*} variables. When the configuration's store factory is
     * a {@code MemoryStoreFactory} and {@code base} names a Redis ({@code redisUrl}), the node joins that cluster.
     *
     * @throws ConfigException if the configuration asks for what Skein cannot honour
     * @throws dev.skein.internal.SkeinException if the cluster's Redis cannot be reached
     */
    public SkeinSocketIOServer(Configuration configuration, SkeinConfig base) {
        super(configuration);
        ConfigurationMapping mapping = ConfigurationMapping.map(configuration, base);
        this.notes = mapping.notes();
        RedisLink link = ClusterStores.link(configuration.getStoreFactory());
        SkeinConfig config = mapping.config();
        if (link != null) {
            this.skein = SkeinServer.create(config, link);
        } else if (config.clustered()) {
            this.skein = SkeinServer.create(config);
        } else {
            this.skein = SkeinServer.create(config, AdapterFactory.inMemory(), StaticSite.none());
        }
        this.settings = new SkeinNamespace.Settings(
                configuration,
                // netty-socketio's constructor has set a JacksonJsonSupport when the application set none
                new PojoMapping(configuration.getJsonSupport()),
                configuration.getExceptionListener(),
                configuration.getAckMode() == null ? AckMode.AUTO_SUCCESS_ONLY : configuration.getAckMode(),
                configuration.getAuthorizationListener() instanceof SuccessAuthorizationListener
                        ? null
                        : configuration.getAuthorizationListener(),
                this::localAddress);
        this.main = addNamespace("");
    }

    /** Skein's server under this one: its own API (dynamic namespaces, fetchSockets, drain, metrics, ...). */
    public SkeinServer skein() {
        return skein;
    }

    /** The bound Socket.IO port (the one the system chose for port 0); 0 before {@link #start()}. */
    public int port() {
        return skein.port();
    }

    /** Refused: netty-socketio's pipeline never runs; Skein's engine serves every connection. */
    @Override
    public void setPipelineFactory(SocketIOChannelInitializer pipelineFactory) {
        throw new UnsupportedOperationException("setPipelineFactory: netty-socketio's pipeline never runs on Skein,"
                + " whose engine serves every connection (docs/netty-socketio.md)");
    }

    @Override
    public Configuration getConfiguration() {
        return super.getConfiguration();
    }

    /** This node's clients of the main namespace. */
    @Override
    public Collection<SocketIOClient> getAllClients() {
        return main.getAllClients();
    }

    /** This node's client of the main namespace with session id {@code uuid}, or {@code null}. */
    @Override
    public SocketIOClient getClient(UUID uuid) {
        return main.getClient(uuid);
    }

    @Override
    public Collection<SocketIONamespace> getAllNamespaces() {
        return List.copyOf(namespaces.values());
    }

    /** Every client of every namespace, on every node. */
    @Override
    public BroadcastOperations getBroadcastOperations() {
        List<SkeinBroadcastOperations.Target> targets = new ArrayList<>();
        for (SkeinNamespace namespace : namespaces.values()) {
            targets.add(namespace.target(Set.of()));
        }
        return new SkeinBroadcastOperations(targets);
    }

    /** The clients in any of {@code rooms}, in every namespace, on every node; each client once. */
    @Override
    public BroadcastOperations getRoomOperations(String... rooms) {
        List<SkeinBroadcastOperations.Target> targets = new ArrayList<>();
        for (SkeinNamespace namespace : namespaces.values()) {
            targets.add(namespace.target(Set.of(rooms)));
        }
        return new SkeinBroadcastOperations(targets);
    }

    /**
     * Binds the port and starts taking clients; returns once bound. Logs once what of the configuration Skein does
     * not honour as netty-socketio would.
     *
     * @throws dev.skein.internal.SkeinException if the port cannot be bound
     */
    @Override
    public void start() {
        for (String note : notes) {
            log.info("netty-socketio Configuration.{}", note);
        }
        skein.start();
    }

    /** Starts on another thread; the future completes once bound, or fails with what stopped the start. */
    @Override
    public Future<Void> startAsync() {
        Promise<Void> started = GlobalEventExecutor.INSTANCE.newPromise();
        Thread starter = new Thread(
                () -> {
                    try {
                        start();
                        started.setSuccess(null);
                    } catch (RuntimeException e) {
                        started.setFailure(e);
                    }
                },
                "skein-socketio-start");
        starter.setDaemon(true);
        starter.start();
        return started;
    }

    /**
     * Stops at once: closes every client's transport (clients reconnect, elsewhere behind a load balancer), the port
     * and the cluster link; an application's Redisson client stays running. Idempotent; the server cannot start
     * again. {@code skein().drain(...)} drains gracefully first.
     */
    @Override
    public void stop() {
        skein.stop();
    }

    /** The namespace called {@code name} ({@code ""} is the main one, {@code "/"} to clients), created when new. */
    @Override
    public SkeinNamespace addNamespace(String name) {
        if (namespaces == null) {
            // netty-socketio's constructor adds its main namespace before this class has fields: that one is unused
            super.addNamespace(name);
            return null;
        }
        String skeinName = skeinName(name);
        bind(skeinName);
        return namespaces.computeIfAbsent(nettyName(name), n -> new SkeinNamespace(n, skein.of(skeinName), settings));
    }

    @Override
    public SkeinNamespace getNamespace(String name) {
        return namespaces.get(nettyName(name));
    }

    /** Disconnects the namespace's clients and refuses CONNECTs to it until it is added again. */
    @Override
    public void removeNamespace(String name) {
        SkeinNamespace removed = namespaces.remove(nettyName(name));
        if (removed != null) {
            removed.remove();
        }
    }

    @Override
    public void addMultiTypeEventListener(String eventName, MultiTypeEventListener listener, Class<?>... eventClass) {
        main.addMultiTypeEventListener(eventName, listener, eventClass);
    }

    @Override
    public <T> void addEventListener(String eventName, Class<T> eventClass, DataListener<T> listener) {
        main.addEventListener(eventName, eventClass, listener);
    }

    @Override
    public void addEventInterceptor(EventInterceptor eventInterceptor) {
        main.addEventInterceptor(eventInterceptor);
    }

    @Override
    public void removeAllListeners(String eventName) {
        main.removeAllListeners(eventName);
    }

    @Override
    public void addDisconnectListener(DisconnectListener listener) {
        main.addDisconnectListener(listener);
    }

    @Override
    public void addConnectListener(ConnectListener listener) {
        main.addConnectListener(listener);
    }

    @Override
    @SuppressWarnings("deprecation")
    public void addPingListener(PingListener listener) {
        main.addPingListener(listener);
    }

    @Override
    public void addPongListener(PongListener listener) {
        main.addPongListener(listener);
    }

    @Override
    public void addListeners(Object listeners) {
        main.addListeners(listeners);
    }

    @Override
    public <L> void addListeners(Iterable<L> listeners) {
        main.addListeners(listeners);
    }

    @Override
    public void addListeners(Object listeners, Class<?> listenersClass) {
        main.addListeners(listeners, listenersClass);
    }

    /** Never called: {@link #startAsync()} builds no Netty bootstrap. */
    @Override
    protected void applyConnectionOptions(ServerBootstrap bootstrap) {}

    /** Never called: Skein's engine owns the event loops. */
    @Override
    protected void initGroups() {}

    /**
     * Routes a Skein namespace's CONNECTs, connections, events and heartbeats to the netty-socketio namespace of that
     * name now (one that was removed and added again gets them anew). Once per name.
     */
    private void bind(String skeinName) {
        if (!bound.add(skeinName)) {
            return;
        }
        String name = nettyName(skeinName);
        dev.skein.socket.Namespace namespace = skein.of(skeinName);
        namespace.use((socket, next) -> {
            SkeinNamespace current = namespaces.get(name);
            if (current == null) {
                next.reject("Invalid namespace");
            } else {
                current.admit(socket, next);
            }
        });
        namespace.onConnection(socket -> withNamespace(name, current -> current.connected(socket)));
        namespace.onEvent(
                (socket, event, args, ack) -> withNamespace(name, current -> current.event(socket, event, args, ack)));
        namespace.onHeartbeat(socket -> withNamespace(name, current -> current.heartbeat(socket)));
    }

    private void withNamespace(String name, java.util.function.Consumer<SkeinNamespace> action) {
        SkeinNamespace current = namespaces.get(name);
        if (current != null) {
            action.accept(current);
        }
    }

    private InetSocketAddress localAddress() {
        return new InetSocketAddress(skein.config().host(), skein.port());
    }

    /** netty-socketio calls the main namespace {@code ""}; clients and Skein call it {@code "/"}. */
    private static String nettyName(String name) {
        return name == null || name.isEmpty() || "/".equals(name) ? "" : name;
    }

    private static String skeinName(String name) {
        String netty = nettyName(name);
        return netty.isEmpty() ? "/" : netty;
    }
}
