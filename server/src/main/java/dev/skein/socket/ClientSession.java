package dev.skein.socket;

import dev.skein.adapter.BroadcastFlags;
import dev.skein.config.Transport;
import dev.skein.limits.EventBudget;
import dev.skein.limits.LimitsMetrics;
import dev.skein.protocol.EncodedPacket;
import dev.skein.protocol.ProtocolException;
import dev.skein.protocol.SocketIoDecoder;
import dev.skein.protocol.SocketIoEncoder;
import dev.skein.protocol.SocketIoPacket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Socket.IO side of one Engine.IO connection: decodes its packets and routes them to the sockets
 * it has in each namespace. Inbound packets are handled one at a time per client.
 */
public final class ClientSession implements ConnectionListener {
    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);
    static final String TOO_MANY_NAMESPACES = "Too many namespaces";
    /** The acknowledgement of an event refused by the event rate limit. */
    private static final java.util.List<Object> RATE_LIMITED = java.util.List.of(Map.of("error", "rate limited"));

    private final ClientConnection connection;
    private final Handshake handshake;
    private final Namespaces namespaces;
    private final SocketIoDecoder decoder;
    // sized for the common case, one namespace (a default table holds 16)
    private final Map<String, SocketImpl> sockets = new ConcurrentHashMap<>(1);
    private final Set<String> connecting = ConcurrentHashMap.newKeySet(1);
    /** Events per second, when limited; null (and nothing allocated) when not. */
    private final EventBudget events;

    private volatile String closeReason;

    ClientSession(ClientConnection connection, Handshake handshake, Namespaces namespaces, SocketIoDecoder decoder) {
        this.connection = connection;
        this.decoder = decoder;
        this.handshake = handshake;
        this.namespaces = namespaces;
        this.events = namespaces.limits().newEventBudget();
    }

    /**
     * Starts the session once the Engine.IO handshake is queued: a legacy (v2 client) connection joins
     * {@code "/"} at once, as it expects.
     */
    @Override
    public void start() {
        if (connection.legacyProtocol()) {
            connect("/", Map.of());
        }
    }

    /**
     * Handles one Socket.IO text packet.
     *
     * @throws ProtocolException if the packet is malformed; the caller closes the connection
     */
    @Override
    public synchronized void receiveText(String packet) throws ProtocolException {
        Optional<SocketIoPacket> decoded = decoder.decodeText(packet);
        if (decoded.isPresent()) {
            route(decoded.get());
        }
    }

    /**
     * Handles one binary attachment.
     *
     * @throws ProtocolException if no attachment was expected; the caller closes the connection
     */
    @Override
    public synchronized void receiveBinary(byte[] attachment) throws ProtocolException {
        Optional<SocketIoPacket> decoded = decoder.decodeBinary(attachment);
        if (decoded.isPresent()) {
            route(decoded.get());
        }
    }

    /** The client answered a ping (or, v3, pinged): each of its sockets' namespaces hears it. */
    @Override
    public void onHeartbeat() {
        for (SocketImpl socket : sockets.values()) {
            socket.heartbeat();
        }
    }

    /** The connection ended: every socket disconnects with {@code reason}. Idempotent. */
    @Override
    public void onConnectionClosed(String reason) {
        String why = closeReason != null ? closeReason : reason;
        for (SocketImpl socket : sockets.values()) {
            detach(socket, why);
        }
    }

    /** The number of namespaces this client is connected to. */
    public int socketCount() {
        return sockets.size();
    }

    /** Whether this client is connected to a namespace. */
    @Override
    public boolean joined() {
        return !sockets.isEmpty();
    }

    Transport transport() {
        return connection.transport();
    }

    boolean isOpen() {
        return connection.isOpen();
    }

    boolean send(EncodedPacket packet, BroadcastFlags flags) {
        return connection.send(packet, flags);
    }

    void execute(Runnable task) {
        connection.execute(task);
    }

    /** Runs {@code task} on the connection's event loop after what that loop was already given. */
    void enqueue(Runnable task) {
        connection.enqueue(task);
    }

    Deadline newDeadline(Runnable action) {
        return connection.newDeadline(action);
    }

    void detach(SocketImpl socket, String reason) {
        sockets.remove(socket.namespace().name(), socket);
        socket.onClose(reason);
    }

    /** Closes the Engine.IO connection; the sockets disconnect with {@code reason}. */
    void closeConnection(String reason) {
        closeReason = reason;
        connection.close();
    }

    private void route(SocketIoPacket packet) throws ProtocolException {
        switch (packet.type()) {
            case CONNECT -> connect(packet);
            case DISCONNECT -> disconnect(packet.namespace());
            case EVENT -> event(packet);
            case ACK -> withSocket(packet).ifPresent(s -> s.receiveAck(packet));
            default -> throw new ProtocolException("unexpected packet type " + packet.type() + " from a client");
        }
    }

    private void event(SocketIoPacket packet) {
        Optional<SocketImpl> socket = withSocket(packet);
        if (withinEventRate(socket, packet)) {
            socket.ifPresent(s -> s.dispatchEvent(packet));
        }
    }

    private void connect(SocketIoPacket packet) {
        if (!connection.legacyProtocol()) {
            connect(packet.namespace(), packet.auth());
            return;
        }
        // a v2 client sends "/chat?token=abc": the query is its auth
        String nsp = packet.namespace();
        int query = nsp.indexOf('?');
        connect(legacyName(nsp), query < 0 ? Map.of() : queryOf(nsp.substring(query + 1)));
    }

    private static String legacyName(String nsp) {
        int query = nsp.indexOf('?');
        return query < 0 ? nsp : nsp.substring(0, query);
    }

    /** The CONNECT answer of a recoverable socket: its id and private session id (never for a v2 client). */
    EncodedPacket connectAnswer(String name, String socketId, String privateId) {
        return SocketIoEncoder.connect(name, socketId, privateId);
    }

    /** Whether the client speaks Socket.IO protocol v4 (a v2 client): no recovery for it. */
    boolean legacyProtocol() {
        return connection.legacyProtocol();
    }

    /** The CONNECT answer for a socket admitted to {@code name}. */
    EncodedPacket connectAnswer(String name, String socketId) {
        return connection.legacyProtocol()
                ? SocketIoEncoder.legacyConnect(name)
                : SocketIoEncoder.connect(name, socketId);
    }

    private void connect(String name, Map<String, Object> auth) {
        if (namespaceLimitReached(name)) {
            return;
        }
        if (sockets.containsKey(name) || !connecting.add(name)) {
            log.debug("Client {} is already connected or connecting to {}", connection.sessionId(), name);
            return;
        }
        NamespaceImpl namespace = namespaces.find(name, auth);
        if (namespace == null) {
            connecting.remove(name);
            send(SocketIoEncoder.connectError(name, "Invalid namespace", null), BroadcastFlags.DEFAULT);
            return;
        }
        namespace.connect(
                this,
                handshake.withAuth(auth),
                socket -> {
                    sockets.put(name, socket);
                    connecting.remove(name);
                },
                rejection -> {
                    connecting.remove(name);
                    send(connectError(name, rejection), BroadcastFlags.DEFAULT);
                });
    }

    /**
     * Whether a CONNECT to {@code name} would pass {@code maxNamespacesPerConnection}; if so it is answered
     * with CONNECT_ERROR {@code "Too many namespaces"} (data: {@code {"limit": n}}) and counted.
     */
    private boolean namespaceLimitReached(String name) {
        int max = namespaces.limits().maxNamespaces();
        if (max == 0 || sockets.containsKey(name) || connecting.contains(name)) {
            return false;
        }
        if (sockets.size() + connecting.size() < max) {
            return false;
        }
        namespaces.limits().metrics().rejected(LimitsMetrics.Limit.NAMESPACES_PER_CONNECTION);
        log.debug("Client {} refused namespace {}: {} namespaces joined", connection.sessionId(), name, max);
        send(connectError(name, new Rejection(TOO_MANY_NAMESPACES, Map.of("limit", max))), BroadcastFlags.DEFAULT);
        return true;
    }

    /**
     * Takes one token of the connection's event budget for {@code packet}: over the budget, the event is
     * refused (an error acknowledgement {@code {"error": "rate limited"}} when it asked for one, else dropped),
     * and a client that stays over it is disconnected. Counted.
     */
    private boolean withinEventRate(Optional<SocketImpl> socket, SocketIoPacket packet) {
        if (events == null) {
            return true;
        }
        EventBudget.Verdict verdict = events.take();
        if (verdict == EventBudget.Verdict.ACCEPTED) {
            return true;
        }
        namespaces.limits().metrics().rejected(LimitsMetrics.Limit.EVENTS_PER_SECOND);
        if (verdict == EventBudget.Verdict.FLOODING) {
            disconnectFlooder();
            return false;
        }
        if (packet.ackRequested() && socket.isPresent()) {
            String name = socket.get().namespace().name();
            send(SocketIoEncoder.ack(name, packet.ackId(), RATE_LIMITED), BroadcastFlags.DEFAULT);
        }
        return false;
    }

    /** Disconnects every socket of a client that keeps flooding (DISCONNECT: it does not reconnect by itself). */
    private void disconnectFlooder() {
        namespaces.limits().metrics().floodClosed();
        log.info("Disconnecting client {}: over its event rate for too long", connection.sessionId());
        for (SocketImpl socket : sockets.values()) {
            send(SocketIoEncoder.disconnect(socket.namespace().name()), BroadcastFlags.DEFAULT);
        }
        closeConnection("rate limited");
    }

    private EncodedPacket connectError(String name, Rejection rejection) {
        if (connection.legacyProtocol()) {
            Object data = rejection.data() != null ? rejection.data() : rejection.message();
            return SocketIoEncoder.legacyConnectError(name, data);
        }
        return SocketIoEncoder.connectError(name, rejection.message(), rejection.data());
    }

    private void disconnect(String name) {
        SocketImpl socket = sockets.get(name);
        if (socket != null) {
            detach(socket, "client namespace disconnect");
        }
    }

    private Optional<SocketImpl> withSocket(SocketIoPacket packet) {
        String name = packet.namespace();
        if (connection.legacyProtocol()) {
            name = legacyName(name);
        }
        SocketImpl socket = sockets.get(name);
        if (socket == null) {
            log.debug("Client {} sent {} to {} without connecting", connection.sessionId(), packet.type(), name);
        }
        return Optional.ofNullable(socket);
    }

    private static Map<String, Object> queryOf(String rawQuery) {
        Map<String, Object> query = new LinkedHashMap<>();
        if (rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            query.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return query;
    }
}
