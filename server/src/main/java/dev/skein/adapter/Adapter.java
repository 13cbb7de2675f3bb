package dev.skein.adapter;

import dev.skein.protocol.EncodedPacket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Room membership and broadcast for one namespace, shaped after the official Socket.IO adapter.
 * Implementations are thread-safe and never block the calling event loop.
 */
public interface Adapter extends AutoCloseable {
    /**
     * Completes once the adapter hears what other nodes send: for a cluster adapter, once Redis has confirmed
     * its subscriptions; at once for a node alone. Fails if the subscriptions failed.
     */
    default CompletionStage<Void> whenListening() {
        return CompletableFuture.completedFuture(null);
    }

    /** Adds socket {@code socketId} to {@code rooms}. */
    void addAll(String socketId, Set<String> rooms);

    /** Removes socket {@code socketId} from {@code room}. */
    void del(String socketId, String room);

    /** Removes socket {@code socketId} from every room. */
    void delAll(String socketId);

    /** Delivers {@code packet} to each selected socket once. */
    void broadcast(EncodedPacket packet, BroadcastOptions options);

    /**
     * Delivers {@code packet} to this node's selected sockets only, each once (the official {@code local}
     * flag): nothing goes to the other nodes.
     */
    void broadcastLocal(EncodedPacket packet, BroadcastOptions options);

    /**
     * Delivers {@code packet} to this node's selected sockets only, each once, as tasks of their event loops
     * (none written at once on the calling thread): two such deliveries made one after the other reach each
     * connection in that order. Connection state recovery delivers what carries an offset this way.
     */
    default void broadcastInOrder(EncodedPacket packet, BroadcastOptions options) {
        broadcastLocal(packet, options);
    }

    /**
     * False when no local socket can be selected by a broadcast to {@code rooms} (none of them has a member
     * here): the broadcast can be skipped before its packet is built. True when it may (or {@code rooms} is
     * empty: the whole namespace).
     */
    default boolean mayHaveTargets(Set<String> rooms) {
        return true;
    }

    /**
     * Sends a broadcast of {@code event} to the other nodes only, in the cluster's classic format (nothing is
     * delivered here); does nothing on a node alone.
     */
    default void publishRemote(String event, List<?> args, BroadcastOptions options) {}

    /** Asks the other nodes only to disconnect the sockets {@code options} selects; nothing on a node alone. */
    default void disconnectRemote(BroadcastOptions options, boolean close) {}

    /**
     * Delivers {@code packet}, which asks for acknowledgement {@code ackId}, to each selected socket once.
     * {@code clientCount} is told once how many sockets it reached; {@code onAck} gets each answer that
     * comes within {@code timeout}.
     */
    void broadcastWithAck(
            EncodedPacket packet,
            long ackId,
            BroadcastOptions options,
            Duration timeout,
            IntConsumer clientCount,
            Consumer<List<Object>> onAck);

    /** Adds the sockets {@code options} selects to {@code rooms}. */
    void addSockets(BroadcastOptions options, Set<String> rooms);

    /** Removes the sockets {@code options} selects from {@code rooms}. */
    void delSockets(BroadcastOptions options, Set<String> rooms);

    /**
     * Disconnects the sockets {@code options} selects.
     *
     * @param close whether to close each client's whole connection, not just this namespace
     */
    void disconnectSockets(BroadcastOptions options, boolean close);

    /**
     * Describes the sockets {@code options} selects, on every node.
     *
     * @return the snapshots; or a stage failed with {@link ClusterRequestException} (holding the
     *     snapshots gathered) when a node did not answer in time or Redis could not be reached
     */
    CompletionStage<List<SocketSnapshot>> fetchSockets(BroadcastOptions options);

    /**
     * Every room with a member on any node, each socket's own room included.
     *
     * @return the rooms; or a stage failed with {@link ClusterRequestException} (holding the rooms
     *     gathered) when a node did not answer in time or Redis could not be reached
     */
    CompletionStage<Set<String>> allRooms();

    /** Sends {@code data} (an event name, then its arguments) to this namespace on every other node. */
    void serverSideEmit(List<Object> data);

    /**
     * Sends {@code data} to this namespace on every other node, and gathers one answer from each.
     *
     * @return the answers; or a stage failed with {@link ClusterRequestException} (holding the answers
     *     that came) after {@code timeout}
     */
    CompletionStage<List<Object>> serverSideEmitWithAck(List<Object> data, Duration timeout);

    /** How many nodes serve this namespace, this one included. */
    CompletionStage<Integer> serverCount();

    /** The rooms of a local socket; empty when unknown. */
    Set<String> socketRooms(String socketId);

    /** How many rooms a local socket is in, its own room included; 0 when unknown. */
    default int socketRoomCount(String socketId) {
        return socketRooms(socketId).size();
    }

    /** The ids of local sockets in any of {@code rooms}, or of all local sockets when empty. */
    Set<String> sockets(Set<String> rooms);

    /** The number of rooms with a local member, not counting each socket's own room. */
    int roomCount();

    /** Releases what the adapter holds. Idempotent. */
    @Override
    void close();
}
