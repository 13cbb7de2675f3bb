package dev.skein.socket;

import dev.skein.adapter.Adapter;
import dev.skein.adapter.AdapterFactory;
import dev.skein.adapter.BroadcastFlags;
import dev.skein.adapter.LocalSockets;
import dev.skein.protocol.EncodedPacket;
import dev.skein.protocol.SocketIoEncoder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A namespace: its connection handlers, its local sockets, its adapter. */
final class NamespaceImpl implements Namespace, LocalSockets {
    private static final Logger log = LoggerFactory.getLogger(NamespaceImpl.class);

    private final String name;
    private final SocketContext context;
    private final Adapter adapter;
    private final List<Consumer<Socket>> connectionHandlers = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, SocketImpl> sockets = new ConcurrentHashMap<>();

    NamespaceImpl(String name, SocketContext context, AdapterFactory adapters) {
        this.name = name;
        this.context = context;
        this.adapter = adapters.create(this);
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
    public Namespace onConnection(Consumer<Socket> handler) {
        connectionHandlers.add(handler);
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
    public void emit(String event, Object... args) {
        all().emit(event, args);
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
            socket.sendPacket(packet, flags.volatile_());
        }
    }

    @Override
    public void disconnect(String socketId, boolean close) {
        SocketImpl socket = sockets.get(socketId);
        if (socket != null) {
            socket.disconnect(close);
        }
    }

    BroadcastOperator all() {
        return new BroadcastOperator(this, Set.of(), Set.of(), BroadcastFlags.DEFAULT);
    }

    SocketContext context() {
        return context;
    }

    /**
     * Admits a client: registers its socket (and hands it to {@code register} before any handler runs),
     * answers CONNECT, then runs the connection handlers.
     */
    SocketImpl connect(
            ClientSession client, Handshake handshake, java.util.function.BiConsumer<String, SocketImpl> register) {
        SocketImpl socket = new SocketImpl(this, client, handshake);
        sockets.put(socket.id(), socket);
        register.accept(name, socket);
        adapter.addAll(socket.id(), Set.of(socket.id()));
        client.send(SocketIoEncoder.connect(name, socket.id()), false);
        for (Consumer<Socket> handler : connectionHandlers) {
            if (!socket.connected()) {
                break;
            }
            runConnectionHandler(handler, socket);
        }
        return socket;
    }

    void remove(SocketImpl socket) {
        sockets.remove(socket.id());
        adapter.delAll(socket.id());
    }

    int socketCount() {
        return sockets.size();
    }

    private void runConnectionHandler(Consumer<Socket> handler, SocketImpl socket) {
        try {
            handler.accept(socket);
        } catch (RuntimeException e) {
            log.warn("Connection handler of namespace {} failed for socket {}", name, socket.id(), e);
        }
    }
}
