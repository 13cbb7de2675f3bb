package dev.skein.nettysocketio;

import com.corundumstudio.socketio.AckMode;
import com.corundumstudio.socketio.AckRequest;
import com.corundumstudio.socketio.AuthTokenListener;
import com.corundumstudio.socketio.AuthTokenResult;
import com.corundumstudio.socketio.AuthorizationListener;
import com.corundumstudio.socketio.AuthorizationResult;
import com.corundumstudio.socketio.BroadcastOperations;
import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.MultiTypeArgs;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.annotation.ScannerEngine;
import com.corundumstudio.socketio.listener.ConnectListener;
import com.corundumstudio.socketio.listener.DataListener;
import com.corundumstudio.socketio.listener.DisconnectListener;
import com.corundumstudio.socketio.listener.EventInterceptor;
import com.corundumstudio.socketio.listener.ExceptionListener;
import com.corundumstudio.socketio.listener.MultiTypeEventListener;
import com.corundumstudio.socketio.listener.PingListener;
import com.corundumstudio.socketio.listener.PongListener;
import com.corundumstudio.socketio.namespace.Namespace;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.JsonSupport;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.transport.NamespaceClient;
import dev.skein.socket.Ack;
import dev.skein.socket.Args;
import dev.skein.socket.Next;
import dev.skein.socket.Socket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A netty-socketio namespace over a Skein {@link dev.skein.socket.Namespace}: its listeners, its clients on this
 * node, its broadcasts (which reach every node of a cluster). It is a netty-socketio {@link Namespace} because that
 * library's annotation scanners and {@code NamespaceClient} take that class; every public method is overridden, so
 * none of netty-socketio's room or store machinery is used: rooms are Skein's.
 *
 * <p>Listeners run on the client's event loop, as in netty-socketio: they must not block. Thread-safe.
 */
public final class SkeinNamespace extends Namespace {
    /** Where a socket's client waits between its CONNECT's checks and its connection (then it is removed). */
    private static final String ADMITTING = "skein.nettysocketio.client";

    private static final Logger log = LoggerFactory.getLogger(SkeinNamespace.class);

    private final String name;
    private final dev.skein.socket.Namespace skein;
    private final Settings settings;
    private final Map<String, EventEntry> events = new ConcurrentHashMap<>();
    private final List<ConnectListener> connectListeners = new CopyOnWriteArrayList<>();
    private final List<DisconnectListener> disconnectListeners = new CopyOnWriteArrayList<>();
    private final List<PingListener> pingListeners = new CopyOnWriteArrayList<>();
    private final List<PongListener> pongListeners = new CopyOnWriteArrayList<>();
    private final List<EventInterceptor> interceptors = new CopyOnWriteArrayList<>();
    private final List<AuthTokenListener> authTokenListeners = new CopyOnWriteArrayList<>();
    /** This node's clients, by socket id. */
    private final Map<String, SkeinClient> clients = new ConcurrentHashMap<>();

    private volatile boolean removed;

    /**
     * What every namespace of one server shares.
     *
     * @param authorization the application's handshake check, {@code null} when it set none
     * @param local the address the server listens on, for {@code HandshakeData.getLocal()}
     */
    record Settings(
            Configuration configuration,
            PojoMapping mapping,
            ExceptionListener exceptions,
            AckMode ackMode,
            AuthorizationListener authorization,
            java.util.function.Supplier<InetSocketAddress> local) {}

    SkeinNamespace(String name, dev.skein.socket.Namespace skein, Settings settings) {
        super(name, settings.configuration());
        this.name = name;
        this.skein = skein;
        this.settings = settings;
    }

    /** The Skein namespace under this one: Skein's own API (dynamic rooms, fetchSockets, serverSideEmit, ...). */
    public dev.skein.socket.Namespace skein() {
        return skein;
    }

    @Override
    public String getName() {
        return name;
    }

    // ---------------------------------------------------------------- listeners

    @Override
    public void addMultiTypeEventListener(String eventName, MultiTypeEventListener listener, Class<?>... eventClass) {
        addListener(eventName, listener, List.of(eventClass));
    }

    @Override
    public <T> void addEventListener(String eventName, Class<T> eventClass, DataListener<T> listener) {
        addListener(eventName, listener, List.of(eventClass));
    }

    @Override
    public void removeAllListeners(String eventName) {
        if (events.remove(eventName) != null) {
            settings.mapping().jsonSupport().removeEventMapping(name, eventName);
        }
    }

    @Override
    public void addEventInterceptor(EventInterceptor eventInterceptor) {
        interceptors.add(eventInterceptor);
    }

    @Override
    public void addDisconnectListener(DisconnectListener listener) {
        disconnectListeners.add(listener);
    }

    @Override
    public void addConnectListener(ConnectListener listener) {
        connectListeners.add(listener);
    }

    /** Runs for each ping of an Engine.IO v3 client (v4 clients answer the server's pings: see pong listeners). */
    @Override
    public void addPingListener(PingListener listener) {
        pingListeners.add(listener);
    }

    /** Runs for each pong of an Engine.IO v4 client. */
    @Override
    public void addPongListener(PongListener listener) {
        pongListeners.add(listener);
    }

    @Override
    public void addAuthTokenListener(AuthTokenListener listener) {
        authTokenListeners.add(listener);
    }

    /** Scans {@code listeners} with netty-socketio's own scanners ({@code @OnEvent}, {@code @OnConnect}, ...). */
    @Override
    @SuppressWarnings("unchecked")
    public void addListeners(Object listeners) {
        if (listeners instanceof Iterable<?> many) {
            addListeners((Iterable<Object>) many);
            return;
        }
        addListeners(listeners, listeners.getClass());
    }

    @Override
    public <L> void addListeners(Iterable<L> listeners) {
        for (L next : listeners) {
            addListeners(next, next.getClass());
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void addListeners(Object listeners, Class<?> listenersClass) {
        if (listeners instanceof Iterable<?> many) {
            addListeners((Iterable<Object>) many);
            return;
        }
        new ScannerEngine().scan(this, listeners, listenersClass);
    }

    private void addListener(String eventName, DataListener<?> listener, List<Class<?>> classes) {
        events.computeIfAbsent(eventName, e -> new EventEntry()).add(listener, classes);
        // as netty-socketio: the last listener added decides the classes of the event's arguments
        settings.mapping().jsonSupport().addEventMapping(name, eventName, classes.toArray(Class<?>[]::new));
    }

    // ---------------------------------------------------------------- Skein's side: CONNECT, events, disconnect

    /**
     * A CONNECT to this namespace: the application's {@code AuthorizationListener}, then its auth token listeners;
     * a refusal is a CONNECT_ERROR {@code {"message", "data"}}. Runs for every CONNECT, with or without auth.
     */
    void admit(Socket socket, Next next) {
        if (removed) {
            next.reject("Invalid namespace");
            return;
        }
        SkeinClient client = new SkeinClient(this, socket);
        if (!authorized(client, next) || !tokenAccepted(client, socket, next)) {
            return;
        }
        socket.data().put(ADMITTING, client);
        next.proceed();
    }

    private boolean authorized(SkeinClient client, Next next) {
        AuthorizationListener listener = settings.authorization();
        if (listener == null) {
            return true;
        }
        AuthorizationResult result;
        try {
            result = listener.getAuthorizationResult(client.getHandshakeData());
        } catch (Exception e) {
            log.error("Authorization error", e);
            result = AuthorizationResult.FAILED_AUTHORIZATION;
        }
        if (result == null || !result.isAuthorized()) {
            next.reject("Not authorized");
            return false;
        }
        result.getStoreParams().forEach(client::set);
        return true;
    }

    private boolean tokenAccepted(SkeinClient client, Socket socket, Next next) {
        if (authTokenListeners.isEmpty()) {
            return true;
        }
        Map<String, Object> auth = socket.handshake().auth();
        client.getHandshakeData().setAuthToken(auth);
        AuthTokenResult result = onAuthData(client, auth);
        if (result.isSuccess()) {
            return true;
        }
        Object error = result.getErrorData();
        if (error instanceof Map<?, ?> map && map.get("message") instanceof String message) {
            // what the JavaScript client read from netty-socketio's raw object: message, and data when present
            next.reject(message, map.get("data"));
        } else if (error instanceof String message) {
            next.reject(message);
        } else {
            next.reject("Not authorized", error);
        }
        return false;
    }

    /** A socket passed every check and got its CONNECT answer: it becomes a client, and the listeners hear it. */
    void connected(Socket socket) {
        Object admitted = socket.data().remove(ADMITTING);
        SkeinClient client = admitted instanceof SkeinClient c ? c : new SkeinClient(this, socket);
        clients.put(socket.id(), client);
        socket.onDisconnect(reason -> disconnected(client));
        for (ConnectListener listener : connectListeners) {
            try {
                listener.onConnect(client);
            } catch (Exception e) {
                settings.exceptions().onConnectException(e, client);
                return;
            }
        }
    }

    private void disconnected(SkeinClient client) {
        clients.remove(client.socket().id());
        onDisconnect(client);
    }

    /** An event of one of this namespace's sockets: listeners, then interceptors, then the automatic ack. */
    void event(Socket socket, String event, Args args, Ack ack) {
        EventEntry entry = events.get(event);
        SkeinClient client = clients.get(socket.id());
        if (entry == null || client == null) {
            return;
        }
        SkeinAckRequest ackRequest = new SkeinAckRequest(client, ack, settings.mapping());
        List<Object> values = args.asList();
        try {
            values = settings.mapping().fromWire(name, event, entry.classes(), args.asList());
            for (DataListener<?> listener : entry.listeners()) {
                call(listener, client, values, ackRequest);
            }
            for (EventInterceptor interceptor : interceptors) {
                interceptor.onEvent(client, event, values, ackRequest);
            }
        } catch (Exception e) {
            settings.exceptions().onEventException(e, values, client);
            if (settings.ackMode() == AckMode.AUTO_SUCCESS_ONLY) {
                return;
            }
        }
        if (settings.ackMode() != AckMode.MANUAL) {
            ackRequest.sendAckData(List.of());
        }
    }

    @SuppressWarnings("unchecked")
    private static void call(DataListener<?> listener, SocketIOClient client, List<Object> values, AckRequest ack)
            throws Exception {
        Object data = listener instanceof MultiTypeEventListener
                ? new MultiTypeArgs(values)
                : values.isEmpty() ? null : values.get(0);
        ((DataListener<Object>) listener).onData(client, data, ack);
    }

    /** The client of {@code socket} answered a ping (v4) or pinged (v3). */
    void heartbeat(Socket socket) {
        SkeinClient client = clients.get(socket.id());
        if (client == null) {
            return;
        }
        if (client.getEngineIOVersion() == EngineIOVersion.V3) {
            onPing(client);
        } else {
            onPong(client);
        }
    }

    // ---------------------------------------------------------------- netty-socketio's callbacks, for its callers

    /** Nothing: Skein's clients are added when their socket connects. */
    @Override
    public void addClient(SocketIOClient client) {}

    @Override
    public void onEvent(NamespaceClient client, String eventName, List<Object> args, AckRequest ackRequest) {
        EventEntry entry = events.get(eventName);
        if (entry == null) {
            return;
        }
        try {
            for (DataListener<?> listener : entry.listeners()) {
                call(listener, client, args, ackRequest);
            }
            for (EventInterceptor interceptor : interceptors) {
                interceptor.onEvent(client, eventName, args, ackRequest);
            }
        } catch (Exception e) {
            settings.exceptions().onEventException(e, args, client);
        }
    }

    @Override
    public void onDisconnect(SocketIOClient client) {
        untilOneFails(disconnectListeners, listener -> listener.onDisconnect(client), e -> settings.exceptions()
                .onDisconnectException(e, client));
    }

    @Override
    public void onConnect(SocketIOClient client) {
        untilOneFails(connectListeners, listener -> listener.onConnect(client), e -> settings.exceptions()
                .onConnectException(e, client));
    }

    @Override
    public void onPing(SocketIOClient client) {
        untilOneFails(pingListeners, listener -> listener.onPing(client), e -> settings.exceptions()
                .onPingException(e, client));
    }

    @Override
    public void onPong(SocketIOClient client) {
        untilOneFails(pongListeners, listener -> listener.onPong(client), e -> settings.exceptions()
                .onPongException(e, client));
    }

    /**
     * Calls each of {@code listeners} in order; the first that throws goes to {@code failed} and the rest are not
     * called, as in netty-socketio.
     */
    private static <L> void untilOneFails(
            Iterable<L> listeners, java.util.function.Consumer<L> call, java.util.function.Consumer<Exception> failed) {
        for (L listener : listeners) {
            try {
                call.accept(listener);
            } catch (Exception e) {
                failed.accept(e);
                return;
            }
        }
    }

    @Override
    public AuthTokenResult onAuthData(SocketIOClient client, Object authData) {
        try {
            for (AuthTokenListener listener : authTokenListeners) {
                AuthTokenResult result = listener.getAuthTokenResult(authData, client);
                if (result == null || !result.isSuccess()) {
                    return result == null ? new AuthTokenResult(false, null) : result;
                }
            }
            return AuthTokenResult.AuthTokenResultSuccess;
        } catch (Exception e) {
            settings.exceptions().onAuthException(e, client);
            return new AuthTokenResult(false, "Internal error");
        }
    }

    // ---------------------------------------------------------------- clients, rooms, broadcasts

    @Override
    public Collection<SocketIOClient> getAllClients() {
        return Collections.unmodifiableCollection(List.copyOf(clients.values()));
    }

    /** The client of this node with session id {@code uuid}, or {@code null}. */
    @Override
    public SocketIOClient getClient(UUID uuid) {
        String socketId = uuid == null ? null : SessionIds.socketId(uuid);
        return socketId == null ? null : clients.get(socketId);
    }

    /** This node's client whose socket is {@code socketId}, or {@code null}. */
    SkeinClient client(String socketId) {
        return clients.get(socketId);
    }

    /** Every socket of the namespace, on every node of the cluster. */
    @Override
    public BroadcastOperations getBroadcastOperations() {
        return new SkeinBroadcastOperations(List.of(target(Set.of())));
    }

    /** The sockets in {@code room}, on every node (the room named after the namespace holds them all). */
    @Override
    public BroadcastOperations getRoomOperations(String room) {
        return new SkeinBroadcastOperations(List.of(target(Set.of(room))));
    }

    /** The sockets in any of {@code rooms}, each once, on every node. */
    @Override
    public BroadcastOperations getRoomOperations(String... rooms) {
        return new SkeinBroadcastOperations(List.of(target(Set.of(rooms))));
    }

    /** The sockets of this namespace in any of {@code rooms} (all of them for none, or the namespace's name). */
    SkeinBroadcastOperations.Target target(Set<String> rooms) {
        boolean all = rooms.isEmpty() || rooms.contains(name);
        return new SkeinBroadcastOperations.Target(this, all ? Set.of() : rooms);
    }

    @Override
    public void joinRoom(String room, UUID sessionId) {
        withClient(sessionId, client -> client.joinRoom(room));
    }

    @Override
    public void joinRooms(Set<String> rooms, UUID sessionId) {
        withClient(sessionId, client -> client.joinRooms(rooms));
    }

    @Override
    public void join(String room, UUID sessionId) {
        joinRoom(room, sessionId);
    }

    @Override
    public void leaveRoom(String room, UUID sessionId) {
        withClient(sessionId, client -> client.leaveRoom(room));
    }

    @Override
    public void leaveRooms(Set<String> rooms, UUID sessionId) {
        withClient(sessionId, client -> client.leaveRooms(rooms));
    }

    @Override
    public void leave(String room, UUID sessionId) {
        leaveRoom(room, sessionId);
    }

    /** Emits {@code packet} (an EVENT) to the sockets in {@code room}, on every node. */
    @Override
    public void dispatch(String room, Packet packet) {
        getRoomOperations(room).send(packet);
    }

    @Override
    public Set<String> getRooms(SocketIOClient client) {
        return client.getAllRooms();
    }

    /** The rooms with a member on this node (each socket's own room left out), and the namespace's. */
    @Override
    public Set<String> getRooms() {
        Set<String> rooms = new java.util.HashSet<>();
        for (SkeinClient client : clients.values()) {
            rooms.addAll(client.getAllRooms());
        }
        rooms.add(name);
        return rooms;
    }

    /** This node's clients in {@code room}. */
    @Override
    public Iterable<SocketIOClient> getRoomClients(String room) {
        return getRoomOperations(room).getClients();
    }

    /** This node's members of {@code room}: Skein asks no other node for a count. */
    @Override
    public int getRoomClientsInCluster(String room) {
        return localRoomSize(room);
    }

    int localRoomSize(String room) {
        return name.equals(room)
                ? clients.size()
                : skein.adapter().sockets(Set.of(room)).size();
    }

    @Override
    public JsonSupport getJsonSupport() {
        return settings.mapping().jsonSupport();
    }

    PojoMapping mapping() {
        return settings.mapping();
    }

    InetSocketAddress localAddress() {
        return settings.local().get();
    }

    /** Refuses CONNECTs from now on and disconnects this node's clients (netty-socketio's removeNamespace). */
    void remove() {
        removed = true;
        getBroadcastOperations().disconnect();
    }

    private void withClient(UUID sessionId, java.util.function.Consumer<SkeinClient> action) {
        String socketId = SessionIds.socketId(sessionId);
        SkeinClient client = socketId == null ? null : clients.get(socketId);
        if (client != null) {
            action.accept(client);
        }
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof SkeinNamespace other && name.equals(other.name);
    }

    @Override
    public String toString() {
        return "SkeinNamespace[" + (name.isEmpty() ? "/" : name) + "]";
    }

    /** The listeners of one event and the classes its arguments are read as. */
    private static final class EventEntry {
        private final List<DataListener<?>> listeners = new CopyOnWriteArrayList<>();
        private volatile List<Class<?>> classes = List.of();

        void add(DataListener<?> listener, List<Class<?>> argumentClasses) {
            classes = List.copyOf(new ArrayList<>(argumentClasses));
            listeners.add(listener);
        }

        List<DataListener<?>> listeners() {
            return listeners;
        }

        List<Class<?>> classes() {
            return classes;
        }
    }
}
