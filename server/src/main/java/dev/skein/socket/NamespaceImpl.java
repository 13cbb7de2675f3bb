package dev.skein.socket;

import dev.skein.adapter.Adapter;
import dev.skein.adapter.AdapterFactory;
import dev.skein.adapter.BroadcastFlags;
import dev.skein.adapter.LocalSockets;
import dev.skein.adapter.SocketSnapshot;
import dev.skein.protocol.EncodedPacket;
import dev.skein.recovery.NamespaceRecovery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A namespace: its connect middleware and connection handlers (its group's first, for a dynamic one),
 * its local sockets, its adapter.
 */
final class NamespaceImpl implements Namespace, LocalSockets {
    private static final Logger log = LoggerFactory.getLogger(NamespaceImpl.class);

    private final String name;
    private final SocketContext context;
    private final Adapter adapter;
    private final NamespaceGroupImpl group;
    private final List<ConnectMiddleware> middleware = new CopyOnWriteArrayList<>();
    private final List<Consumer<Socket>> connectionHandlers = new CopyOnWriteArrayList<>();
    private final List<Consumer<Socket>> heartbeatHandlers = new CopyOnWriteArrayList<>();
    private final List<SocketEventHandler> eventHandlers = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, SocketImpl> sockets = new ConcurrentHashMap<>();
    private final AtomicLong nextAckId = new AtomicLong();
    private final ConcurrentHashMap<String, List<EventHandler>> serverSideHandlers = new ConcurrentHashMap<>();
    /** Connection state recovery of this namespace; {@code null} when it is off. */
    private final NamespaceRecovery recovery;
    /** The CONNECTs of this namespace that may recover a socket; {@code null} when recovery is off. */
    private final RecoveringConnect recoveringConnect;

    /** @param group the group of a dynamic namespace, else {@code null} */
    NamespaceImpl(String name, SocketContext context, AdapterFactory adapters, NamespaceGroupImpl group) {
        this.name = name;
        this.context = context;
        this.group = group;
        this.adapter = adapters.create(this);
        this.recovery = context.recovery() == null ? null : context.recovery().forNamespace(name, adapter);
        this.recoveringConnect = recovery == null ? null : new RecoveringConnect(this, recovery);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String namespace() {
        return name;
    }

    @Override
    public Namespace use(ConnectMiddleware connectMiddleware) {
        middleware.add(connectMiddleware);
        return this;
    }

    @Override
    public Namespace onConnection(Consumer<Socket> handler) {
        connectionHandlers.add(handler);
        return this;
    }

    @Override
    public Namespace onHeartbeat(Consumer<Socket> handler) {
        heartbeatHandlers.add(java.util.Objects.requireNonNull(handler, "handler"));
        return this;
    }

    @Override
    public Namespace onEvent(SocketEventHandler handler) {
        eventHandlers.add(java.util.Objects.requireNonNull(handler, "handler"));
        return this;
    }

    @Override
    public BroadcastOperator to(String... rooms) {
        return all().to(rooms);
    }

    @Override
    public BroadcastOperator in(String... rooms) {
        return to(rooms);
    }

    @Override
    public BroadcastOperator except(String... rooms) {
        return all().except(rooms);
    }

    @Override
    public BroadcastOperator local() {
        return all().local();
    }

    @Override
    public void emit(String event, Object... args) {
        all().emit(event, args);
    }

    @Override
    public CompletableFuture<List<Args>> emitWithAck(String event, Duration timeout, Object... args) {
        return all().emitWithAck(event, timeout, args);
    }

    @Override
    public CompletableFuture<List<RemoteSocket>> fetchSockets() {
        return all().fetchSockets();
    }

    @Override
    public CompletableFuture<Set<String>> allRooms() {
        return adapter.allRooms().toCompletableFuture();
    }

    @Override
    public void serverSideEmit(String event, Object... args) {
        adapter.serverSideEmit(serverSideData(event, args));
    }

    @Override
    public CompletableFuture<List<Object>> serverSideEmitWithAck(String event, Duration timeout, Object... args) {
        return adapter.serverSideEmitWithAck(serverSideData(event, args), timeout)
                .toCompletableFuture();
    }

    @Override
    public Namespace onServerSideEmit(String event, EventHandler handler) {
        serverSideHandlers
                .computeIfAbsent(event, e -> new CopyOnWriteArrayList<>())
                .add(handler);
        return this;
    }

    @Override
    public CompletableFuture<Integer> serverCount() {
        return adapter.serverCount().toCompletableFuture();
    }

    @Override
    public Map<String, Socket> sockets() {
        return Map.copyOf(sockets);
    }

    @Override
    public Adapter adapter() {
        return adapter;
    }

    @Override
    public void deliver(String socketId, EncodedPacket packet, BroadcastFlags flags) {
        SocketImpl socket = sockets.get(socketId);
        if (socket != null) {
            socket.sendPacket(packet, flags);
        }
    }

    @Override
    public boolean deliverWithAck(
            String socketId,
            EncodedPacket packet,
            long ackId,
            Duration timeout,
            BroadcastFlags flags,
            Consumer<List<Object>> onAck) {
        SocketImpl socket = sockets.get(socketId);
        if (socket == null || !socket.connected()) {
            return false;
        }
        socket.sendWithAck(packet, ackId, timeout, flags, args -> onAck.accept(args.asList()));
        return true;
    }

    @Override
    public void roomsChanged(String socketId) {
        if (recovery == null) {
            return;
        }
        SocketImpl socket = sockets.get(socketId);
        if (socket != null && socket.pid() != null) {
            recovery.changed(socket);
        }
    }

    @Override
    public void disconnect(String socketId, boolean close) {
        SocketImpl socket = sockets.get(socketId);
        if (socket != null) {
            socket.disconnect(close);
        }
    }

    @Override
    public SocketSnapshot snapshot(String socketId) {
        SocketImpl socket = sockets.get(socketId);
        if (socket == null) {
            return null;
        }
        return new SocketSnapshot(
                socketId, HandshakeWire.toWire(socket.handshake()), adapter.socketRooms(socketId), socket.data());
    }

    @Override
    public void serverSideEvent(List<Object> data, Consumer<Object> ack) {
        if (data.isEmpty() || !(data.get(0) instanceof String event)) {
            log.debug("Dropped a server-side event of namespace {} without an event name", name);
            return;
        }
        List<EventHandler> handlers = serverSideHandlers.getOrDefault(event, List.of());
        if (handlers.isEmpty()) {
            log.debug("No server-side handler for \"{}\" in namespace {}", event, name);
            return;
        }
        Args args = Args.of(data.subList(1, data.size()));
        Ack answer = ack == null ? Ack.NONE : new ServerSideAck(ack);
        for (EventHandler handler : handlers) {
            try {
                handler.onEvent(args, answer);
            } catch (Exception e) {
                log.warn("Server-side handler of \"{}\" in namespace {} failed", event, name, e);
            }
        }
    }

    BroadcastOperator all() {
        return new BroadcastOperator(this, Set.of(), Set.of(), BroadcastFlags.DEFAULT);
    }

    SocketContext context() {
        return context;
    }

    /** Connection state recovery of this namespace, or {@code null} when it is off. */
    NamespaceRecovery recovery() {
        return recovery;
    }

    /** Completes once the adapter hears the other nodes and recovery can give offsets. */
    java.util.concurrent.CompletionStage<Void> whenListening() {
        if (recovery == null) {
            return adapter.whenListening();
        }
        return CompletableFuture.allOf(
                adapter.whenListening().toCompletableFuture(),
                recovery.whenReady().toCompletableFuture());
    }

    /** The next acknowledgement id, shared by this namespace's emits and broadcasts like the official server. */
    @Override
    public long nextAckId() {
        return nextAckId.getAndIncrement();
    }

    /**
     * Runs the connect middleware for a new socket of {@code client}; if all pass, admits it:
     * {@code onAdmitted} (before any handler runs), the CONNECT answer, then the connection handlers.
     * Otherwise {@code onRefused} gets the rejection. Either may happen later, on another thread.
     */
    void connect(
            ClientSession client, Handshake handshake, Consumer<SocketImpl> onAdmitted, Consumer<Rejection> onRefused) {
        if (recovery == null || client.legacyProtocol()) {
            connectFresh(client, handshake, onAdmitted, onRefused);
            return;
        }
        recoveringConnect.connect(client, handshake, onAdmitted, onRefused);
    }

    void connectFresh(
            ClientSession client, Handshake handshake, Consumer<SocketImpl> onAdmitted, Consumer<Rejection> onRefused) {
        SocketImpl socket = new SocketImpl(this, client, handshake);
        runMiddleware(socket, client, () -> admit(socket, client, onAdmitted), onRefused);
    }

    void runMiddleware(SocketImpl socket, ClientSession client, Runnable then, Consumer<Rejection> onRefused) {
        List<MiddlewareChain.Step> steps = new ArrayList<>();
        for (ConnectMiddleware m : allMiddleware()) {
            steps.add(next -> m.handle(socket, next));
        }
        // an answer from another thread resumes on the client's event loop, where its packets are handled
        MiddlewareChain.run(steps, client::execute, then, onRefused);
    }

    /** Runs the namespace's event handlers for an event of {@code socket}; false when it has none. */
    boolean dispatchEvent(SocketImpl socket, String event, Args args, Ack ack) {
        if (eventHandlers.isEmpty()) {
            return false;
        }
        for (SocketEventHandler handler : eventHandlers) {
            try {
                handler.onEvent(socket, event, args, ack);
            } catch (Exception e) {
                log.warn("Event handler of namespace {} failed on '{}' of socket {}", name, event, socket.id(), e);
            }
        }
        return true;
    }

    /** {@code socket}'s client showed it is alive; on its event loop. */
    void heartbeat(SocketImpl socket) {
        for (Consumer<Socket> handler : heartbeatHandlers) {
            try {
                handler.accept(socket);
            } catch (RuntimeException e) {
                log.warn("Heartbeat handler of namespace {} failed for socket {}", name, socket.id(), e);
            }
        }
    }

    /** The local socket {@code socketId}, or {@code null}. */
    SocketImpl socket(String socketId) {
        return sockets.get(socketId);
    }

    /** Leaves the namespace, unless a recovered socket with the same id took this one's place. */
    void remove(SocketImpl socket) {
        if (sockets.remove(socket.id(), socket)) {
            adapter.delAll(socket.id());
        }
    }

    int socketCount() {
        return sockets.size();
    }

    private void admit(SocketImpl socket, ClientSession client, Consumer<SocketImpl> onAdmitted) {
        if (!client.isOpen()) {
            return;
        }
        if (socket.pid() == null) {
            register(socket, onAdmitted, Set.of(socket.id()));
        } else {
            // in order with the namespace's recoverable deliveries: the session knows from which offset it starts
            recovery.admit(socket, () -> register(socket, onAdmitted, Set.of(socket.id())));
        }
        client.send(connectAnswer(client, socket), BroadcastFlags.DEFAULT);
        afterAdmission(socket);
    }

    void register(SocketImpl socket, Consumer<SocketImpl> onAdmitted, Set<String> rooms) {
        socket.markConnected();
        sockets.put(socket.id(), socket);
        onAdmitted.accept(socket);
        adapter.addAll(socket.id(), rooms);
    }

    EncodedPacket connectAnswer(ClientSession client, SocketImpl socket) {
        return socket.pid() == null
                ? client.connectAnswer(name, socket.id())
                : client.connectAnswer(name, socket.id(), socket.pid());
    }

    /** The guards and connection handlers of an admitted socket, on its event loop. */
    void afterAdmission(SocketImpl socket) {
        for (ConnectGuard guard : context.guards()) {
            tellAdmitted(guard, socket);
        }
        for (Consumer<Socket> handler : allConnectionHandlers()) {
            if (!socket.connected()) {
                break;
            }
            runConnectionHandler(handler, socket);
        }
        if (socket.pid() != null && socket.connected()) {
            recovery.admitted(socket);
        }
    }

    private List<ConnectMiddleware> allMiddleware() {
        List<ConnectGuard> guards = context.guards();
        if (group == null && guards.isEmpty()) {
            return middleware;
        }
        List<ConnectMiddleware> all = new ArrayList<>(guards);
        if (group != null) {
            all.addAll(group.middleware());
        }
        all.addAll(middleware);
        return all;
    }

    private void tellAdmitted(ConnectGuard guard, SocketImpl socket) {
        try {
            guard.admitted(socket);
        } catch (RuntimeException e) {
            log.warn("Connect guard failed for socket {} of namespace {}", socket.id(), name, e);
        }
    }

    private List<Consumer<Socket>> allConnectionHandlers() {
        if (group == null) {
            return connectionHandlers;
        }
        List<Consumer<Socket>> all = new ArrayList<>(group.connectionHandlers());
        all.addAll(connectionHandlers);
        return all;
    }

    private static List<Object> serverSideData(String event, Object... args) {
        ReservedEvents.checkServerSide(event);
        List<Object> data = new ArrayList<>(args.length + 1);
        data.add(event);
        data.addAll(java.util.Arrays.asList(args));
        return data;
    }

    /** Answers a server-side event once, with the first argument, like the official callback. */
    private static final class ServerSideAck implements Ack {
        private final Consumer<Object> answer;
        private final java.util.concurrent.atomic.AtomicBoolean sent = new java.util.concurrent.atomic.AtomicBoolean();

        ServerSideAck(Consumer<Object> answer) {
            this.answer = answer;
        }

        @Override
        public boolean requested() {
            return true;
        }

        @Override
        public void send(Object... args) {
            if (sent.compareAndSet(false, true)) {
                answer.accept(args.length == 0 ? null : args[0]);
            }
        }
    }

    private void runConnectionHandler(Consumer<Socket> handler, SocketImpl socket) {
        try {
            handler.accept(socket);
        } catch (RuntimeException e) {
            log.warn("Connection handler of namespace {} failed for socket {}", name, socket.id(), e);
        }
    }
}
