package dev.skein.socket;

import dev.skein.adapter.BroadcastFlags;
import dev.skein.config.Transport;
import dev.skein.protocol.EncodedPacket;
import dev.skein.protocol.PreparedEvent;
import dev.skein.protocol.SocketIoEncoder;
import dev.skein.protocol.SocketIoPacket;
import dev.skein.recovery.NamespaceRecovery;
import dev.skein.recovery.RecoverableSocket;
import dev.skein.recovery.RestoredSession;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's socket in one namespace. It starts unconnected (while the namespace's middleware decides)
 * and is connected once admitted, until it disconnects, once.
 */
final class SocketImpl implements Socket, RecoverableSocket {
    private static final Logger log = LoggerFactory.getLogger(SocketImpl.class);
    private static final VarHandle CONNECTED;

    static {
        try {
            CONNECTED = MethodHandles.lookup().findVarHandle(SocketImpl.class, "connected", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String id;
    private final NamespaceImpl namespace;
    private final ClientSession client;
    private final Handshake handshake;
    private final Map<String, Object> data;
    /** The private session id of connection state recovery; {@code null} when recovery is off (or a v2 client). */
    private final String pid;

    private final boolean recovered;
    /** Set when a recovered socket with this id took this one's place: its close then leaves the session alone. */
    private volatile boolean superseded;
    // handlers and listeners: immutable, replaced under this socket's lock, read without it; the empty
    // ones are shared, so a socket pays for what it registers only
    private volatile EventHandlers handlers = EventHandlers.NONE;
    private volatile Listeners<EventMiddleware> middleware = Listeners.none();
    private volatile Listeners<AnyEventListener> incomingListeners = Listeners.none();
    private volatile Listeners<AnyEventListener> outgoingListeners = Listeners.none();
    private volatile Listeners<Consumer<Rejection>> errorHandlers = Listeners.none();
    private volatile Listeners<Consumer<String>> disconnectingHandlers = Listeners.none();
    private volatile Listeners<Consumer<String>> disconnectHandlers = Listeners.none();
    /** Created by the first emit that waits for an acknowledgement. */
    private volatile ConcurrentHashMap<Long, PendingAck> pendingAcks;

    private volatile boolean connected;
    private final FlaggedEmitter defaultEmitter = new FlaggedEmitter(BroadcastFlags.DEFAULT);

    /** A fresh socket; it gets a private session id when the namespace recovers sessions. */
    SocketImpl(NamespaceImpl namespace, ClientSession client, Handshake handshake) {
        this.namespace = namespace;
        this.client = client;
        this.handshake = handshake;
        this.id = dev.skein.internal.Ids.socketId();
        this.recovered = false;
        NamespaceRecovery recovery = namespace.recovery();
        if (recovery == null || client.legacyProtocol()) {
            this.pid = null;
            this.data = new ConcurrentHashMap<>(2);
        } else {
            this.pid = recovery.newPid();
            this.data = recovery.newData(null, this);
        }
    }

    /** A recovered socket: the id, private id and data of {@code session}. */
    SocketImpl(NamespaceImpl namespace, ClientSession client, Handshake handshake, RestoredSession session) {
        this.namespace = namespace;
        this.client = client;
        this.handshake = handshake;
        this.id = session.sid();
        this.pid = session.pid();
        this.recovered = true;
        this.data = namespace.recovery().newData(session.data(), this);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String pid() {
        return pid;
    }

    @Override
    public boolean recovered() {
        return recovered;
    }

    @Override
    public Namespace namespace() {
        return namespace;
    }

    @Override
    public Handshake handshake() {
        return handshake;
    }

    @Override
    public Transport transport() {
        return client.transport();
    }

    @Override
    public boolean connected() {
        return connected;
    }

    @Override
    public Map<String, Object> data() {
        return data;
    }

    @Override
    public Executor executor() {
        return client::execute;
    }

    @Override
    public Deadline newDeadline(Runnable action) {
        Deadline deadline = client.newDeadline(() -> {
            if (connected()) {
                action.run();
            }
        });
        onDisconnect(reason -> deadline.cancel());
        return deadline;
    }

    @Override
    public Socket on(String event, EventHandler handler) {
        synchronized (this) {
            handlers = handlers.with(event, handler);
        }
        return this;
    }

    @Override
    public <T> Socket on(String event, Class<T> type, TypedEventHandler<T> handler) {
        return on(event, (args, ack) -> handler.onEvent(args.get(0, type), ack));
    }

    @Override
    public Socket onDisconnect(Consumer<String> handler) {
        synchronized (this) {
            disconnectHandlers = disconnectHandlers.with(handler);
        }
        return this;
    }

    @Override
    public Socket onDisconnecting(Consumer<String> handler) {
        synchronized (this) {
            disconnectingHandlers = disconnectingHandlers.with(handler);
        }
        return this;
    }

    @Override
    public Socket use(EventMiddleware eventMiddleware) {
        synchronized (this) {
            middleware = middleware.with(eventMiddleware);
        }
        return this;
    }

    @Override
    public Socket onError(Consumer<Rejection> handler) {
        synchronized (this) {
            errorHandlers = errorHandlers.with(handler);
        }
        return this;
    }

    @Override
    public Socket onAny(AnyEventListener listener) {
        synchronized (this) {
            incomingListeners = incomingListeners.with(listener);
        }
        return this;
    }

    @Override
    public Socket onAnyOutgoing(AnyEventListener listener) {
        synchronized (this) {
            outgoingListeners = outgoingListeners.with(listener);
        }
        return this;
    }

    @Override
    public Set<String> rooms() {
        return namespace.adapter().socketRooms(id);
    }

    @Override
    public void join(String... rooms) {
        if (connected()) {
            Set<String> joining = Set.of(rooms);
            namespace.context().limits().checkRooms(namespace.adapter(), id, joining);
            namespace.adapter().addAll(id, joining);
        }
    }

    @Override
    public void leave(String room) {
        namespace.adapter().del(id, room);
    }

    @Override
    public SocketEmitter asVolatile() {
        return defaultEmitter.asVolatile();
    }

    @Override
    public SocketEmitter compress(boolean compress) {
        return defaultEmitter.compress(compress);
    }

    @Override
    public void emit(String event, Object... args) {
        defaultEmitter.emit(event, args);
    }

    @Override
    public CompletableFuture<Args> emitWithAck(String event, Duration timeout, Object... args) {
        return defaultEmitter.emitWithAck(event, timeout, args);
    }

    @Override
    public BroadcastOperator broadcast() {
        return namespace.all().except(id);
    }

    @Override
    public BroadcastOperator to(String... rooms) {
        return broadcast().to(rooms);
    }

    @Override
    public void disconnect() {
        disconnect(false);
    }

    @Override
    public void disconnect(boolean close) {
        if (!connected()) {
            return;
        }
        if (pid == null) {
            disconnectNow(close);
            return;
        }
        // once the recoverable events emitted to it before are on their way (in a cluster they come back from
        // the stream first): a last "goodbye" event still reaches the client
        inOrder(() -> disconnectNow(close));
    }

    private void disconnectNow(boolean close) {
        if (!connected()) {
            return;
        }
        client.send(SocketIoEncoder.disconnect(namespace.name()), BroadcastFlags.DEFAULT);
        client.detach(this, "server namespace disconnect");
        if (close) {
            client.closeConnection("forced close");
        }
    }

    /** The client showed it is alive: the namespace's heartbeat handlers hear of this socket. */
    void heartbeat() {
        if (connected()) {
            namespace.heartbeat(this);
        }
    }

    /**
     * Sends one of this socket's own packets that is not recoverable (an acknowledgement, a volatile event,
     * an event that asks for an acknowledgement): with recovery on, behind the recoverable events emitted
     * before it, which may still be on their way (in a cluster, through Redis).
     */
    private void sendOwn(EncodedPacket packet, BroadcastFlags flags) {
        if (pid == null) {
            sendPacket(packet, flags);
            return;
        }
        if (!connected()) {
            return;
        }
        inOrder(() -> client.send(packet, flags));
        if (packet.event() != null && !outgoingListeners.isEmpty()) {
            notifyListeners(outgoingListeners, packet.event(), Args.of(packet.eventArgs()));
        }
    }

    /** Runs {@code send} on this socket's event loop once the recoverable events emitted before are queued there. */
    private void inOrder(Runnable send) {
        namespace.recovery().afterEmits(() -> client.enqueue(send));
    }

    /** The namespace admitted the socket. */
    void markConnected() {
        connected = true;
    }

    /**
     * A recovered socket with this id takes this one's place (its client reconnected before this connection's
     * close was noticed): this one disconnects now, as a server namespace disconnect, leaving the session and
     * the rooms of its id to the new one.
     */
    void closeSuperseded() {
        superseded = true;
        if (connected()) {
            client.send(SocketIoEncoder.disconnect(namespace.name()), BroadcastFlags.DEFAULT);
            client.detach(this, "server namespace disconnect");
        }
    }

    /** Queues an encoded packet for this client; counts it and tells outgoing listeners when an event. */
    void sendPacket(EncodedPacket packet, BroadcastFlags flags) {
        if (!connected() || !client.send(packet, flags)) {
            return;
        }
        if (packet.event() == null) {
            return;
        }
        Listeners<AnyEventListener> listeners = outgoingListeners;
        if (!listeners.isEmpty()) {
            // per client of a broadcast: build the listeners' Args only when someone listens
            notifyListeners(listeners, packet.event(), Args.of(packet.eventArgs()));
        }
    }

    /**
     * Sends a broadcast packet that asks for an acknowledgement with {@code ackId}; {@code onAck} gets
     * the answer if it comes within {@code timeout}.
     */
    void sendWithAck(EncodedPacket packet, long ackId, Duration timeout, BroadcastFlags flags, Consumer<Args> onAck) {
        if (!connected()) {
            return;
        }
        awaitAck(ackId, timeout, onAck, reason -> {});
        sendPacket(packet, flags);
    }

    /** Runs the middleware, then the listeners and handlers of an incoming event. */
    void dispatchEvent(SocketIoPacket packet) {
        namespace.context().metrics().eventIn();
        String event = packet.eventName();
        Args args = Args.of(packet.eventArgs());
        Ack ack = packet.ackRequested() ? new PacketAck(packet.ackId()) : Ack.NONE;
        Listeners<EventMiddleware> chain = middleware;
        if (chain.isEmpty()) {
            handleEvent(event, args, ack);
            return;
        }
        List<MiddlewareChain.Step> steps = new ArrayList<>(chain.size());
        for (EventMiddleware m : chain) {
            steps.add(next -> m.handle(event, args, next));
        }
        MiddlewareChain.run(steps, () -> handleEvent(event, args, ack), this::reportRejection);
    }

    /** Completes the acknowledgement the client sent. */
    void receiveAck(SocketIoPacket packet) {
        ConcurrentHashMap<Long, PendingAck> awaited = pendingAcks;
        PendingAck pending = awaited == null ? null : awaited.remove(packet.ackId());
        if (pending == null) {
            log.debug("Unknown or expired ack id {} on socket {}", packet.ackId(), id);
            return;
        }
        pending.timeout().cancel();
        pending.onAck().accept(Args.of(packet.ackArgs()));
    }

    /**
     * Disconnects: runs the disconnecting handlers (rooms still joined), leaves every room, fails
     * pending acks, runs the disconnect handlers. Once.
     */
    void onClose(String reason) {
        if (!CONNECTED.compareAndSet(this, true, false)) {
            return;
        }
        runAll(disconnectingHandlers, reason, "Disconnecting");
        if (pid != null && !superseded) {
            namespace.recovery().closed(this, reason);
        }
        namespace.remove(this);
        ConcurrentHashMap<Long, PendingAck> awaited = pendingAcks;
        if (awaited != null) {
            awaited.forEach((ackId, pending) -> {
                pending.timeout().cancel();
                pending.onGone().accept(reason);
            });
            awaited.clear();
        }
        runAll(disconnectHandlers, reason, "Disconnect");
    }

    private void handleEvent(String event, Args args, Ack ack) {
        if (!connected()) {
            return;
        }
        notifyListeners(incomingListeners, event, args);
        EventHandler[] eventHandlers = handlers.of(event);
        for (EventHandler handler : eventHandlers) {
            runHandler(handler, event, args, ack);
        }
        if (!namespace.dispatchEvent(this, event, args, ack) && eventHandlers.length == 0) {
            handleUnhandled(event, args, ack);
        }
    }

    private void handleUnhandled(String event, Args args, Ack ack) {
        UnhandledEventHandler fallback = namespace.context().unhandled().get();
        if (fallback == null) {
            log.debug("No handler for event '{}' on socket {}", event, id);
            return;
        }
        try {
            fallback.onEvent(this, event, args, ack);
        } catch (RuntimeException e) {
            log.warn("Unhandled-event handler failed on '{}' of socket {}", event, id, e);
        }
    }

    private void reportRejection(Rejection rejection) {
        Listeners<Consumer<Rejection>> handlersOfErrors = errorHandlers;
        if (handlersOfErrors.isEmpty()) {
            log.debug("Middleware rejected an event of socket {}: {}", id, rejection.message());
        }
        for (Consumer<Rejection> handler : handlersOfErrors) {
            try {
                handler.accept(rejection);
            } catch (RuntimeException e) {
                log.warn("Error handler of socket {} failed", id, e);
            }
        }
    }

    private void awaitAck(long ackId, Duration timeout, Consumer<Args> onAck, Consumer<String> onGone) {
        io.netty.util.Timeout timer = namespace
                .context()
                .timer()
                .newTimeout(t -> expireAck(ackId, onGone, timeout), timeout.toMillis(), TimeUnit.MILLISECONDS);
        awaitedAcks().put(ackId, new PendingAck(onAck, onGone, timer));
    }

    /** Forgets the ack unless it came first; safe even before the ack is registered. */
    private void expireAck(long ackId, Consumer<String> onGone, Duration timeout) {
        ConcurrentHashMap<Long, PendingAck> awaited = pendingAcks;
        PendingAck pending = awaited == null ? null : awaited.remove(ackId);
        if (pending != null) {
            onGone.accept("no ack within " + timeout.toMillis() + " ms");
        }
    }

    private ConcurrentHashMap<Long, PendingAck> awaitedAcks() {
        ConcurrentHashMap<Long, PendingAck> awaited = pendingAcks;
        if (awaited == null) {
            synchronized (this) {
                awaited = pendingAcks;
                if (awaited == null) {
                    awaited = new ConcurrentHashMap<>(4);
                    pendingAcks = awaited;
                }
            }
        }
        return awaited;
    }

    private void notifyListeners(Listeners<AnyEventListener> listeners, String event, Args args) {
        for (AnyEventListener listener : listeners) {
            try {
                listener.onEvent(event, args);
            } catch (RuntimeException e) {
                log.warn("Catch-all listener of socket {} failed on '{}'", id, event, e);
            }
        }
    }

    private void runAll(Listeners<Consumer<String>> list, String reason, String kind) {
        for (Consumer<String> handler : list) {
            try {
                handler.accept(reason);
            } catch (RuntimeException e) {
                log.warn("{} handler of socket {} failed", kind, id, e);
            }
        }
    }

    private void runHandler(EventHandler handler, String event, Args args, Ack ack) {
        try {
            handler.onEvent(args, ack);
        } catch (Exception e) {
            log.warn("Handler of event '{}' failed on socket {}: {}", event, id, e.toString(), e);
        }
    }

    @Override
    public String toString() {
        return "Socket[" + id + " " + namespace.name() + "]";
    }

    /** An acknowledgement this server waits for: what to do with it, or when it will not come. */
    private record PendingAck(Consumer<Args> onAck, Consumer<String> onGone, io.netty.util.Timeout timeout) {}

    /** Emits to this socket with fixed flags. */
    private final class FlaggedEmitter implements SocketEmitter {
        private final BroadcastFlags flags;

        FlaggedEmitter(BroadcastFlags flags) {
            this.flags = flags;
        }

        @Override
        public SocketEmitter asVolatile() {
            return new FlaggedEmitter(new BroadcastFlags(true, flags.compress()));
        }

        @Override
        public SocketEmitter compress(boolean compress) {
            return new FlaggedEmitter(new BroadcastFlags(flags.volatile_(), compress));
        }

        @Override
        public void emit(String event, Object... args) {
            ReservedEvents.check(event);
            if (pid != null && !flags.volatile_()) {
                // recoverable: it gets an offset and is kept, in order with the namespace's broadcasts
                if (connected()) {
                    namespace
                            .recovery()
                            .emitTo(
                                    SocketImpl.this,
                                    PreparedEvent.of(namespace.name(), event, Arrays.asList(args)),
                                    flags);
                }
                return;
            }
            sendOwn(SocketIoEncoder.event(namespace.name(), SocketIoPacket.NO_ACK, event, Arrays.asList(args)), flags);
        }

        @Override
        public CompletableFuture<Args> emitWithAck(String event, Duration timeout, Object... args) {
            ReservedEvents.check(event);
            CompletableFuture<Args> result = new CompletableFuture<>();
            if (!connected()) {
                result.completeExceptionally(new AckTimeoutException("socket " + id + " is disconnected"));
                return result;
            }
            long ackId = namespace.nextAckId();
            awaitAck(
                    ackId,
                    timeout,
                    result::complete,
                    reason -> result.completeExceptionally(
                            new AckTimeoutException("no ack for '" + event + "' from socket " + id + ": " + reason)));
            sendOwn(SocketIoEncoder.event(namespace.name(), ackId, event, Arrays.asList(args)), flags);
            return result;
        }
    }

    /** Answers one event's acknowledgement request, once. */
    private final class PacketAck implements Ack {
        private final long ackId;
        private final AtomicBoolean sent = new AtomicBoolean();

        PacketAck(long ackId) {
            this.ackId = ackId;
        }

        @Override
        public boolean requested() {
            return true;
        }

        @Override
        public void send(Object... args) {
            if (sent.compareAndSet(false, true) && connected()) {
                sendOwn(SocketIoEncoder.ack(namespace.name(), ackId, Arrays.asList(args)), BroadcastFlags.DEFAULT);
            }
        }
    }
}
