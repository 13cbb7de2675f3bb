package dev.skein.nettysocketio;

import com.corundumstudio.socketio.AckCallback;
import com.corundumstudio.socketio.HandshakeData;
import com.corundumstudio.socketio.MultiTypeAckCallback;
import com.corundumstudio.socketio.MultiTypeArgs;
import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import com.corundumstudio.socketio.transport.NamespaceClient;
import dev.skein.socket.Args;
import dev.skein.socket.Socket;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A netty-socketio client over one Skein {@link Socket}: one client's connection to one namespace. It is a {@link
 * NamespaceClient} because netty-socketio's {@code EventInterceptor} takes that class; every public method is
 * overridden, so nothing of netty-socketio's transport is used. Its store is its own map, apart from the socket's
 * {@code data()} (which the cluster shares with {@code fetchSockets}). Thread-safe.
 */
public final class SkeinClient extends NamespaceClient {
    /** How long an {@link AckCallback} without a timeout waits, at most, while its client stays connected. */
    static final Duration UNBOUNDED_ACK_WAIT = Duration.ofHours(24);

    private static final Logger log = LoggerFactory.getLogger(SkeinClient.class);

    private final SkeinNamespace namespace;
    private final Socket socket;
    private final UUID sessionId;
    private final Map<String, Object> store = new ConcurrentHashMap<>(4);
    private volatile HandshakeData handshakeData;

    SkeinClient(SkeinNamespace namespace, Socket socket) {
        // no ClientHead: netty-socketio's transport never runs under a Skein client
        super(null, namespace);
        this.namespace = namespace;
        this.socket = socket;
        this.sessionId = SessionIds.of(socket.id());
    }

    /** The Skein socket under this client: Skein's own API (onAny, emitWithAck with a Duration, ...). */
    public Socket socket() {
        return socket;
    }

    /** Always {@code null}: there is no netty-socketio {@link ClientHead} under a Skein client. */
    @Override
    public ClientHead getBaseClient() {
        return null;
    }

    @Override
    public Transport getTransport() {
        return socket.transport() == dev.skein.config.Transport.WEBSOCKET ? Transport.WEBSOCKET : Transport.POLLING;
    }

    @Override
    public EngineIOVersion getEngineIOVersion() {
        return "3".equals(socket.handshake().queryParam(EngineIOVersion.EIO)) ? EngineIOVersion.V3 : EngineIOVersion.V4;
    }

    @Override
    public boolean isChannelOpen() {
        return socket.connected();
    }

    /** Whether the client is connected: Skein queues what it cannot write yet (bounded, per client). */
    @Override
    public boolean isWritable() {
        return socket.connected();
    }

    @Override
    public SkeinNamespace getNamespace() {
        return namespace;
    }

    @Override
    public void sendEvent(String name, Object... data) {
        socket.emit(name, namespace.mapping().toWire(data));
    }

    @Override
    public void sendEvent(String name, AckCallback<?> ackCallback, Object... data) {
        if (!socket.connected()) {
            ackCallback.onTimeout();
            return;
        }
        Duration timeout =
                ackCallback.getTimeout() < 0 ? UNBOUNDED_ACK_WAIT : Duration.ofSeconds(ackCallback.getTimeout());
        socket.emitWithAck(name, timeout, namespace.mapping().toWire(data)).whenComplete((args, error) -> {
            if (error != null) {
                runCallback(ackCallback, "onTimeout", ackCallback::onTimeout);
            } else {
                runCallback(ackCallback, "onSuccess", () -> deliver(ackCallback, args));
            }
        });
    }

    @Override
    public void send(Packet packet) {
        if (isDisconnect(packet)) {
            disconnect();
            return;
        }
        sendEvent(
                EventPackets.eventName(packet, "MESSAGE/EVENT or MESSAGE/DISCONNECT"), EventPackets.eventData(packet));
    }

    @Override
    public void send(Packet packet, AckCallback<?> ackCallback) {
        sendEvent(
                EventPackets.eventName(packet, "MESSAGE/EVENT or MESSAGE/DISCONNECT"),
                ackCallback,
                EventPackets.eventData(packet));
    }

    /** Nothing to do: Skein tells this client's namespace when its socket disconnects. */
    @Override
    public void onDisconnect() {}

    /** Disconnects from this namespace: the client gets a DISCONNECT (and does not reconnect by itself). */
    @Override
    public void disconnect() {
        socket.disconnect();
    }

    @Override
    public UUID getSessionId() {
        return sessionId;
    }

    /** The client's address, port 0 (Skein keeps the address, behind trusted proxies the forwarded one). */
    @Override
    public SocketAddress getRemoteAddress() {
        return getHandshakeData().getAddress();
    }

    @Override
    public int hashCode() {
        return sessionId.hashCode() * 31 + namespace.getName().hashCode();
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof SkeinClient other
                && sessionId.equals(other.sessionId)
                && namespace.getName().equals(other.namespace.getName());
    }

    @Override
    public void joinRoom(String room) {
        if (!namespace.getName().equals(room)) {
            socket.join(room);
        }
    }

    @Override
    public void joinRooms(Set<String> rooms) {
        Set<String> joining = new HashSet<>(rooms);
        joining.remove(namespace.getName());
        socket.join(joining.toArray(String[]::new));
    }

    @Override
    public void leaveRoom(String room) {
        socket.leave(room);
    }

    @Override
    public void leaveRooms(Set<String> rooms) {
        rooms.forEach(socket::leave);
    }

    @Override
    public void set(String key, Object val) {
        store.put(key, val);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(String key) {
        return (T) store.get(key);
    }

    @Override
    public boolean has(String key) {
        return store.containsKey(key);
    }

    @Override
    public void del(String key) {
        store.remove(key);
    }

    /**
     * The rooms joined, and the one named after the namespace that netty-socketio puts every client in; not the
     * room of the socket's own id, which Skein (like every Socket.IO server) adds.
     */
    @Override
    public Set<String> getAllRooms() {
        Set<String> rooms = new HashSet<>(socket.rooms());
        rooms.remove(socket.id());
        rooms.add(namespace.getName());
        return rooms;
    }

    /** The members of {@code room} on this node (netty-socketio counted those its store had heard of). */
    @Override
    public int getCurrentRoomSize(String room) {
        return namespace.localRoomSize(room);
    }

    @Override
    public HandshakeData getHandshakeData() {
        HandshakeData data = handshakeData;
        if (data == null) {
            data = Handshakes.of(socket.handshake(), namespace.localAddress());
            handshakeData = data;
        }
        return data;
    }

    @Override
    public String toString() {
        return "SkeinClient[" + sessionId + " " + socket + "]";
    }

    private void deliver(AckCallback<?> callback, Args args) {
        List<Object> values = namespace.mapping().ackFromWire(callback, args.asList());
        @SuppressWarnings("unchecked")
        AckCallback<Object> typed = (AckCallback<Object>) callback;
        if (callback instanceof MultiTypeAckCallback) {
            typed.onSuccess(new MultiTypeArgs(values));
        } else {
            typed.onSuccess(values.isEmpty() ? null : values.get(0));
        }
    }

    private void runCallback(AckCallback<?> callback, String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.warn(
                    "Ack callback {} of {} failed on client {}",
                    what,
                    callback.getClass().getName(),
                    sessionId,
                    e);
        }
    }

    private static boolean isDisconnect(Packet packet) {
        return packet.getType() == PacketType.MESSAGE && packet.getSubType() == PacketType.DISCONNECT;
    }
}
