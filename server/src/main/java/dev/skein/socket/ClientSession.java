package dev.skein.socket;

import dev.skein.config.Transport;
import dev.skein.protocol.EncodedPacket;
import dev.skein.protocol.ProtocolException;
import dev.skein.protocol.SocketIoDecoder;
import dev.skein.protocol.SocketIoEncoder;
import dev.skein.protocol.SocketIoPacket;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Socket.IO side of one Engine.IO connection: decodes its packets and routes them to the sockets
 * it has in each namespace. Inbound packets are handled one at a time per client.
 */
public final class ClientSession {
    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);

    private final ClientConnection connection;
    private final Handshake handshake;
    private final Namespaces namespaces;
    private final SocketIoDecoder decoder = new SocketIoDecoder();
    private final Map<String, SocketImpl> sockets = new ConcurrentHashMap<>();
    private volatile String closeReason;

    ClientSession(ClientConnection connection, Handshake handshake, Namespaces namespaces) {
        this.connection = connection;
        this.handshake = handshake;
        this.namespaces = namespaces;
    }

    /**
     * Handles one Socket.IO text packet.
     *
     * @throws ProtocolException if the packet is malformed; the caller closes the connection
     */
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
    public synchronized void receiveBinary(byte[] attachment) throws ProtocolException {
        Optional<SocketIoPacket> decoded = decoder.decodeBinary(attachment);
        if (decoded.isPresent()) {
            route(decoded.get());
        }
    }

    /** The connection ended: every socket disconnects with {@code reason}. Idempotent. */
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

    Transport transport() {
        return connection.transport();
    }

    boolean send(EncodedPacket packet, boolean droppable) {
        return connection.send(packet, droppable);
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
            case EVENT -> withSocket(packet).ifPresent(s -> s.dispatchEvent(packet));
            case ACK -> withSocket(packet).ifPresent(s -> s.receiveAck(packet));
            default -> throw new ProtocolException("unexpected packet type " + packet.type() + " from a client");
        }
    }

    private void connect(SocketIoPacket packet) {
        String name = packet.namespace();
        if (sockets.containsKey(name)) {
            log.debug("Client {} is already connected to {}", connection.sessionId(), name);
            return;
        }
        NamespaceImpl namespace = namespaces.find(name);
        if (namespace == null) {
            send(SocketIoEncoder.connectError(name, "Invalid namespace", null), false);
            return;
        }
        // a connection handler that disconnects the socket also detaches it from this session
        namespace.connect(this, handshake.withAuth(packet.auth()), sockets::put);
    }

    private void disconnect(String name) {
        SocketImpl socket = sockets.get(name);
        if (socket != null) {
            detach(socket, "client namespace disconnect");
        }
    }

    private Optional<SocketImpl> withSocket(SocketIoPacket packet) {
        SocketImpl socket = sockets.get(packet.namespace());
        if (socket == null) {
            log.debug(
                    "Client {} sent {} to {} without connecting",
                    connection.sessionId(),
                    packet.type(),
                    packet.namespace());
        }
        return Optional.ofNullable(socket);
    }
}
