package dev.skein.socket;

import dev.skein.config.Transport;
import dev.skein.protocol.EncodedPacket;
import dev.skein.protocol.SocketIoEncoder;
import dev.skein.protocol.SocketIoPacket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A client's socket in one namespace. */
final class SocketImpl implements Socket {
    private static final Logger log = LoggerFactory.getLogger(SocketImpl.class);

    private final String id = dev.skein.internal.Ids.socketId();
    private final NamespaceImpl namespace;
    private final ClientSession client;
    private final Handshake handshake;
    private final Map<String, Object> data = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, List<EventHandler>> handlers = new ConcurrentHashMap<>();
    private final List<Consumer<String>> disconnectHandlers = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<Long, PendingAck> pendingAcks = new ConcurrentHashMap<>();
    private final AtomicLong nextAckId = new AtomicLong();
    private final AtomicBoolean connected = new AtomicBoolean(true);

    SocketImpl(NamespaceImpl namespace, ClientSession client, Handshake handshake) {
        this.namespace = namespace;
        this.client = client;
        this.handshake = handshake;
    }

    @Override
    public String id() {
        return id;
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
        return connected.get();
    }

    @Override
    public Map<String, Object> data() {
        return data;
    }

    @Override
    public Socket on(String event, EventHandler handler) {
        handlers.computeIfAbsent(event, e -> new CopyOnWriteArrayList<>()).add(handler);
        return this;
    }

    @Override
    public <T> Socket on(String event, Class<T> type, TypedEventHandler<T> handler) {
        return on(event, (args, ack) -> handler.onEvent(args.get(0, type), ack));
    }

    @Override
    public Socket onDisconnect(Consumer<String> handler) {
        disconnectHandlers.add(handler);
        return this;
    }

    @Override
    public Set<String> rooms() {
        return namespace.adapter().socketRooms(id);
    }

    @Override
    public void join(String... rooms) {
        if (connected()) {
            namespace.adapter().addAll(id, Set.of(rooms));
        }
    }

    @Override
    public void leave(String room) {
        namespace.adapter().del(id, room);
    }

    @Override
    public void emit(String event, Object... args) {
        ReservedEvents.check(event);
        sendPacket(SocketIoEncoder.event(namespace.name(), SocketIoPacket.NO_ACK, event, Arrays.asList(args)), false);
    }

    @Override
    public CompletableFuture<Args> emitWithAck(String event, Duration timeout, Object... args) {
        ReservedEvents.check(event);
        CompletableFuture<Args> result = new CompletableFuture<>();
        if (!connected()) {
            result.completeExceptionally(new AckTimeoutException("socket " + id + " is disconnected"));
            return result;
        }
        long ackId = nextAckId.getAndIncrement();
        io.netty.util.Timeout timer = namespace
                .context()
                .timer()
                .newTimeout(t -> expireAck(ackId, result, event, timeout), timeout.toMillis(), TimeUnit.MILLISECONDS);
        pendingAcks.put(ackId, new PendingAck(result, timer));
        sendPacket(SocketIoEncoder.event(namespace.name(), ackId, event, Arrays.asList(args)), false);
        return result;
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
        client.send(SocketIoEncoder.disconnect(namespace.name()), false);
        client.detach(this, "server namespace disconnect");
        if (close) {
            client.closeConnection("forced close");
        }
    }

    /** Queues an encoded packet for this client; counts it when it is an event. */
    void sendPacket(EncodedPacket packet, boolean droppable) {
        if (connected() && client.send(packet, droppable)) {
            namespace.context().metrics().eventsOut(1);
        }
    }

    /** Runs the handlers of an incoming event. */
    void dispatchEvent(SocketIoPacket packet) {
        namespace.context().metrics().eventIn();
        List<EventHandler> eventHandlers = handlers.get(packet.eventName());
        Ack ack = packet.ackRequested() ? new PacketAck(packet.ackId()) : Ack.NONE;
        if (eventHandlers == null) {
            log.debug("No handler for event '{}' on socket {}", packet.eventName(), id);
            return;
        }
        Args args = Args.of(packet.eventArgs());
        for (EventHandler handler : eventHandlers) {
            runHandler(handler, packet.eventName(), args, ack);
        }
    }

    /** Completes the acknowledgement the client sent. */
    void receiveAck(SocketIoPacket packet) {
        PendingAck pending = pendingAcks.remove(packet.ackId());
        if (pending == null) {
            log.debug("Unknown or expired ack id {} on socket {}", packet.ackId(), id);
            return;
        }
        pending.timeout().cancel();
        pending.result().complete(Args.of(packet.ackArgs()));
    }

    /** Marks the socket disconnected, leaves every room, fails pending acks, runs disconnect handlers. */
    void onClose(String reason) {
        if (!connected.compareAndSet(true, false)) {
            return;
        }
        namespace.remove(this);
        pendingAcks.forEach((ackId, pending) -> {
            pending.timeout().cancel();
            pending.result()
                    .completeExceptionally(new AckTimeoutException("socket " + id + " disconnected: " + reason));
        });
        pendingAcks.clear();
        for (Consumer<String> handler : disconnectHandlers) {
            try {
                handler.accept(reason);
            } catch (RuntimeException e) {
                log.warn("Disconnect handler of socket {} failed", id, e);
            }
        }
    }

    /** Fails {@code result} unless the ack came first; safe even before the ack is registered. */
    private void expireAck(long ackId, CompletableFuture<Args> result, String event, Duration timeout) {
        pendingAcks.remove(ackId);
        result.completeExceptionally(new AckTimeoutException(
                "no ack for '" + event + "' from socket " + id + " within " + timeout.toMillis() + " ms"));
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

    /** An acknowledgement this server waits for, with its timeout. */
    private record PendingAck(CompletableFuture<Args> result, io.netty.util.Timeout timeout) {}

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
                client.send(SocketIoEncoder.ack(namespace.name(), ackId, Arrays.asList(args)), false);
            }
        }
    }
}
