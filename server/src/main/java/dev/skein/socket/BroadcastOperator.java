package dev.skein.socket;

import dev.skein.adapter.BroadcastFlags;
import dev.skein.adapter.BroadcastOptions;
import dev.skein.protocol.EncodedPacket;
import dev.skein.protocol.SocketIoEncoder;
import dev.skein.protocol.SocketIoPacket;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Selects sockets of one namespace by room and acts on them all: emit, join, leave, disconnect.
 * Immutable: each selector returns a new operator. The packet of an emit is encoded once, whatever the
 * number of clients it reaches.
 */
public final class BroadcastOperator {
    private final NamespaceImpl namespace;
    private final Set<String> rooms;
    private final Set<String> except;
    private final BroadcastFlags flags;
    private final boolean local;

    BroadcastOperator(NamespaceImpl namespace, Set<String> rooms, Set<String> except, BroadcastFlags flags) {
        this(namespace, rooms, except, flags, false);
    }

    private BroadcastOperator(
            NamespaceImpl namespace, Set<String> rooms, Set<String> except, BroadcastFlags flags, boolean local) {
        this.namespace = namespace;
        this.rooms = Set.copyOf(rooms);
        this.except = Set.copyOf(except);
        this.flags = flags;
        this.local = local;
    }

    /** Also targets the sockets in {@code moreRooms}. */
    public BroadcastOperator to(String... moreRooms) {
        return new BroadcastOperator(namespace, union(rooms, moreRooms), except, flags, local);
    }

    /** The same as {@link #to}. */
    public BroadcastOperator in(String... moreRooms) {
        return to(moreRooms);
    }

    /** Leaves out the sockets in {@code excludedRooms}. */
    public BroadcastOperator except(String... excludedRooms) {
        return new BroadcastOperator(namespace, rooms, union(except, excludedRooms), flags, local);
    }

    /** Lets the packet be dropped for clients that cannot take it right now. */
    public BroadcastOperator asVolatile() {
        return new BroadcastOperator(namespace, rooms, except, new BroadcastFlags(true, flags.compress()), local);
    }

    /** Whether the packet may be compressed on the wire. */
    public BroadcastOperator compress(boolean compress) {
        return new BroadcastOperator(namespace, rooms, except, new BroadcastFlags(flags.volatile_(), compress), local);
    }

    /**
     * Limits {@link #emit} to this node's sockets (the official {@code io.local}): in a cluster, nothing
     * goes to the other nodes.
     */
    public BroadcastOperator local() {
        return new BroadcastOperator(namespace, rooms, except, flags, true);
    }

    /**
     * Emits {@code event} to every selected socket, each once.
     *
     * @throws IllegalArgumentException for a reserved event name
     */
    public void emit(String event, Object... args) {
        ReservedEvents.check(event);
        List<Object> argList = Arrays.asList(args);
        dev.skein.recovery.NamespaceRecovery recovery = namespace.recovery();
        if (recovery != null && !flags.volatile_() && (!local || recovery.recoversLocal())) {
            // recoverable: an offset per emit, encoded once for every client it reaches
            recovery.broadcast(dev.skein.protocol.PreparedEvent.of(namespace.name(), event, argList), options());
            return;
        }
        EncodedPacket packet = SocketIoEncoder.event(namespace.name(), SocketIoPacket.NO_ACK, event, argList);
        if (local) {
            namespace.adapter().broadcastLocal(packet, options());
        } else {
            namespace.adapter().broadcast(packet, options());
        }
    }

    /**
     * Emits {@code event} to every selected socket and gathers their acknowledgements.
     *
     * @return every answer once all reached clients have answered (empty when none was reached); or a
     *     future failed with {@link AckTimeoutException}, holding the answers that came, after {@code timeout}
     * @throws IllegalArgumentException for a reserved event name
     */
    public CompletableFuture<List<Args>> emitWithAck(String event, Duration timeout, Object... args) {
        ReservedEvents.check(event);
        long ackId = namespace.nextAckId();
        EncodedPacket packet = SocketIoEncoder.event(namespace.name(), ackId, event, Arrays.asList(args));
        BroadcastAcks acks = new BroadcastAcks(event);
        io.netty.util.Timeout timer = namespace
                .context()
                .timer()
                .newTimeout(t -> acks.expire(timeout), timeout.toMillis(), TimeUnit.MILLISECONDS);
        acks.result().whenComplete((responses, error) -> timer.cancel());
        namespace.adapter().broadcastWithAck(packet, ackId, options(), timeout, acks::expect, acks::add);
        return acks.result();
    }

    /** Makes every selected socket join {@code newRooms}. */
    public void socketsJoin(String... newRooms) {
        namespace.adapter().addSockets(options(), Set.of(newRooms));
    }

    /** Makes every selected socket leave {@code oldRooms}. */
    public void socketsLeave(String... oldRooms) {
        namespace.adapter().delSockets(options(), Set.of(oldRooms));
    }

    /** Disconnects every selected socket; with {@code close}, closes their connections too. */
    public void disconnectSockets(boolean close) {
        namespace.adapter().disconnectSockets(options(), close);
    }

    /**
     * Describes the selected sockets on every node: id, handshake, rooms and data, with operations that
     * reach each socket wherever it is.
     *
     * @return the sockets; or a future failed with {@link dev.skein.adapter.ClusterRequestException}
     *     (whose partial results are {@link dev.skein.adapter.SocketSnapshot}s) when a node did not answer
     *     in time or Redis could not be reached
     */
    public CompletableFuture<List<RemoteSocket>> fetchSockets() {
        return namespace.adapter().fetchSockets(options()).toCompletableFuture().thenApply(snapshots -> {
            List<RemoteSocket> sockets = new java.util.ArrayList<>(snapshots.size());
            snapshots.forEach(snapshot -> sockets.add(new RemoteSocket(namespace, snapshot)));
            return sockets;
        });
    }

    /** The ids of the selected sockets on this node. */
    public Set<String> localSocketIds() {
        Set<String> selected = new HashSet<>(namespace.adapter().sockets(rooms));
        if (!except.isEmpty()) {
            selected.removeAll(namespace.adapter().sockets(except));
        }
        return selected;
    }

    private BroadcastOptions options() {
        return new BroadcastOptions(rooms, except, flags);
    }

    private static Set<String> union(Set<String> base, String[] more) {
        Set<String> result = new HashSet<>(base);
        result.addAll(Arrays.asList(more));
        return result;
    }
}
