package dev.skein.nettysocketio;

import com.corundumstudio.socketio.AckCallback;
import com.corundumstudio.socketio.BroadcastAckCallback;
import com.corundumstudio.socketio.BroadcastOperations;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import dev.skein.socket.BroadcastOperator;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * netty-socketio's {@link BroadcastOperations} over Skein's {@link BroadcastOperator}s: the sockets of one or more
 * namespaces, each in any of some rooms (or all of them). An emit reaches every selected socket of every node once
 * (a client in two of the rooms gets it once), encoded once. What needs a {@link SocketIOClient} (an exclusion
 * predicate, a {@link BroadcastAckCallback}, {@link #getClients()}) sees this node's clients, as in netty-socketio;
 * the clients of other nodes get predicate-excluded emits unfiltered and are not asked for acks. Immutable.
 */
final class SkeinBroadcastOperations implements BroadcastOperations {
    private static final Method CREATE_CLIENT_CALLBACK = accessible("createClientCallback", SocketIOClient.class);
    private static final Method LOOP_FINISHED = accessible("loopFinished");

    /** The sockets of {@code namespace} in any of {@code rooms}; all of them when {@code rooms} is empty. */
    record Target(SkeinNamespace namespace, Set<String> rooms) {
        BroadcastOperator operator() {
            dev.skein.socket.Namespace skein = namespace.skein();
            return rooms.isEmpty() ? skein.except() : skein.to(rooms.toArray(String[]::new));
        }
    }

    private final List<Target> targets;

    SkeinBroadcastOperations(List<Target> targets) {
        this.targets = List.copyOf(targets);
    }

    /** This node's selected clients, each once. */
    @Override
    public Collection<SocketIOClient> getClients() {
        Set<SocketIOClient> clients = new LinkedHashSet<>();
        for (Target target : targets) {
            for (String socketId : target.operator().localSocketIds()) {
                SkeinClient client = target.namespace().client(socketId);
                if (client != null) {
                    clients.add(client);
                }
            }
        }
        return clients;
    }

    @Override
    public void send(Packet packet) {
        if (packet.getType() == PacketType.MESSAGE && packet.getSubType() == PacketType.DISCONNECT) {
            disconnect();
            return;
        }
        sendEvent(EventPackets.eventName(packet, "MESSAGE/EVENT"), EventPackets.eventData(packet));
    }

    @Override
    public <T> void send(Packet packet, BroadcastAckCallback<T> ackCallback) {
        withAcks(
                EventPackets.eventName(packet, "MESSAGE/EVENT"),
                EventPackets.eventData(packet),
                client -> false,
                ackCallback);
    }

    /** Disconnects the selected sockets of every node (each client gets a DISCONNECT). */
    @Override
    public void disconnect() {
        for (Target target : targets) {
            target.operator().disconnectSockets(false);
        }
    }

    @Override
    public void sendEvent(String name, Object... data) {
        for (Target target : targets) {
            target.operator().emit(name, target.namespace().mapping().toWire(data));
        }
    }

    @Override
    public void sendEvent(String name, SocketIOClient excludedClient, Object... data) {
        for (Target target : targets) {
            BroadcastOperator operator = target.operator();
            if (excludedClient instanceof SkeinClient skein && skein.getNamespace() == target.namespace()) {
                operator = operator.except(skein.socket().id());
            }
            operator.emit(name, target.namespace().mapping().toWire(data));
        }
    }

    @Override
    public void sendEvent(String name, Predicate<SocketIOClient> excludePredicate, Object... data) {
        for (Target target : targets) {
            List<String> excluded = new ArrayList<>();
            for (String socketId : target.operator().localSocketIds()) {
                SkeinClient client = target.namespace().client(socketId);
                if (client != null && excludePredicate.test(client)) {
                    excluded.add(socketId);
                }
            }
            BroadcastOperator operator = target.operator();
            if (!excluded.isEmpty()) {
                operator = operator.except(excluded.toArray(String[]::new));
            }
            operator.emit(name, target.namespace().mapping().toWire(data));
        }
    }

    @Override
    public <T> void sendEvent(String name, Object data, BroadcastAckCallback<T> ackCallback) {
        withAcks(name, new Object[] {data}, client -> false, ackCallback);
    }

    @Override
    public <T> void sendEvent(
            String name, Object data, SocketIOClient excludedClient, BroadcastAckCallback<T> ackCallback) {
        withAcks(name, new Object[] {data}, excludedClient::equals, ackCallback);
    }

    @Override
    public <T> void sendEvent(
            String name, Object data, Predicate<SocketIOClient> excludePredicate, BroadcastAckCallback<T> ackCallback) {
        withAcks(name, new Object[] {data}, excludePredicate, ackCallback);
    }

    /**
     * Emits to each selected client of this node with its own acknowledgement callback, made by {@code
     * ackCallback}, which hears of each answer or timeout, then of all answers, as in netty-socketio.
     */
    private void withAcks(
            String name, Object[] data, Predicate<SocketIOClient> excluded, BroadcastAckCallback<?> ackCallback) {
        for (SocketIOClient client : getClients()) {
            if (!excluded.test(client)) {
                client.sendEvent(name, clientCallback(ackCallback, client), data);
            }
        }
        invoke(LOOP_FINISHED, ackCallback);
    }

    private static AckCallback<?> clientCallback(BroadcastAckCallback<?> ackCallback, SocketIOClient client) {
        return (AckCallback<?>) invoke(CREATE_CLIENT_CALLBACK, ackCallback, client);
    }

    /** netty-socketio keeps the counting of a {@link BroadcastAckCallback} package-private: reached once, here. */
    private static Method accessible(String name, Class<?>... parameters) {
        try {
            Method method = BroadcastAckCallback.class.getDeclaredMethod(name, parameters);
            method.setAccessible(true);
            return method;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExceptionInInitializerError("netty-socketio's BroadcastAckCallback." + name
                    + " cannot be reached (expected: netty-socketio 2.0.x on the class path): " + e);
        }
    }

    private static Object invoke(Method method, Object target, Object... args) {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
