package dev.skein.adapter;

import dev.skein.protocol.EncodedPacket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Rooms and broadcast within one node. Thread-safe: each room's and socket's set is changed atomically
 * under its map entry, and empty rooms are removed. A set of one member is an immutable {@code Set.of}.
 */
public class InMemoryAdapter implements Adapter {
    private final LocalSockets local;
    private final ConcurrentHashMap<String, Set<String>> roomMembers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> socketRooms = new ConcurrentHashMap<>();

    public InMemoryAdapter(LocalSockets local) {
        this.local = local;
    }

    @Override
    public void addAll(String socketId, Set<String> rooms) {
        for (String room : rooms) {
            roomMembers.compute(room, (r, members) -> added(members, socketId));
            socketRooms.compute(socketId, (s, joined) -> added(joined, room));
        }
        local.roomsChanged(socketId);
    }

    @Override
    public void del(String socketId, String room) {
        roomMembers.computeIfPresent(room, (r, members) -> removed(members, socketId));
        socketRooms.computeIfPresent(socketId, (s, joined) -> removed(joined, room));
        local.roomsChanged(socketId);
    }

    @Override
    public void delAll(String socketId) {
        Set<String> joined = socketRooms.remove(socketId);
        if (joined == null) {
            return;
        }
        for (String room : joined) {
            roomMembers.computeIfPresent(room, (r, members) -> removed(members, socketId));
        }
    }

    @Override
    public void broadcast(EncodedPacket packet, BroadcastOptions options) {
        deliver(targets(options), packet, options.flags());
    }

    @Override
    public final void broadcastLocal(EncodedPacket packet, BroadcastOptions options) {
        deliver(targets(options), packet, options.flags());
    }

    @Override
    public final void broadcastInOrder(EncodedPacket packet, BroadcastOptions options) {
        Set<String> targets = targets(options);
        BroadcastFlags flags = options.flags();
        Fanout.deliverInOrder(packet, flags, () -> {
            for (String socketId : targets) {
                local.deliver(socketId, packet, flags);
            }
        });
    }

    /** Queues {@code packet} for each of {@code targets} still connected here. */
    protected final void deliver(Set<String> targets, EncodedPacket packet, BroadcastFlags flags) {
        Fanout.deliver(packet, flags, () -> {
            for (String socketId : targets) {
                local.deliver(socketId, packet, flags);
            }
        });
    }

    @Override
    public void broadcastWithAck(
            EncodedPacket packet,
            long ackId,
            BroadcastOptions options,
            Duration timeout,
            IntConsumer clientCount,
            Consumer<List<Object>> onAck) {
        int reached = 0;
        for (String socketId : targets(options)) {
            if (local.deliverWithAck(socketId, packet, ackId, timeout, options.flags(), onAck)) {
                reached++;
            }
        }
        clientCount.accept(reached);
    }

    @Override
    public void addSockets(BroadcastOptions options, Set<String> rooms) {
        for (String socketId : targets(options)) {
            addAll(socketId, rooms);
        }
    }

    @Override
    public void delSockets(BroadcastOptions options, Set<String> rooms) {
        for (String socketId : targets(options)) {
            for (String room : rooms) {
                del(socketId, room);
            }
        }
    }

    @Override
    public void disconnectSockets(BroadcastOptions options, boolean close) {
        for (String socketId : targets(options)) {
            local.disconnect(socketId, close);
        }
    }

    @Override
    public CompletionStage<List<SocketSnapshot>> fetchSockets(BroadcastOptions options) {
        return CompletableFuture.completedFuture(localSnapshots(options));
    }

    @Override
    public CompletionStage<Set<String>> allRooms() {
        return CompletableFuture.completedFuture(rooms());
    }

    /** No other node to send to: does nothing. */
    @Override
    public void serverSideEmit(List<Object> data) {}

    /** No other node to answer: completes at once with no answers. */
    @Override
    public CompletionStage<List<Object>> serverSideEmitWithAck(List<Object> data, Duration timeout) {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public CompletionStage<Integer> serverCount() {
        return CompletableFuture.completedFuture(1);
    }

    /** The snapshots of the local sockets {@code options} selects. */
    protected final List<SocketSnapshot> localSnapshots(BroadcastOptions options) {
        List<SocketSnapshot> snapshots = new ArrayList<>();
        for (String socketId : targets(options)) {
            SocketSnapshot snapshot = local.snapshot(socketId);
            if (snapshot != null) {
                snapshots.add(snapshot);
            }
        }
        return snapshots;
    }

    @Override
    public Set<String> socketRooms(String socketId) {
        Set<String> joined = socketRooms.get(socketId);
        return joined == null ? Set.of() : Collections.unmodifiableSet(new HashSet<>(joined));
    }

    @Override
    public int socketRoomCount(String socketId) {
        Set<String> joined = socketRooms.get(socketId);
        return joined == null ? 0 : joined.size();
    }

    @Override
    public Set<String> sockets(Set<String> rooms) {
        if (rooms.isEmpty()) {
            return Set.copyOf(socketRooms.keySet());
        }
        Set<String> ids = new HashSet<>();
        for (String room : rooms) {
            ids.addAll(roomMembers.getOrDefault(room, Set.of()));
        }
        return ids;
    }

    @Override
    public int roomCount() {
        return Math.max(0, roomMembers.size() - socketRooms.size());
    }

    /** Every room with a local member, each socket's own room included. A snapshot. */
    public Set<String> rooms() {
        return Set.copyOf(roomMembers.keySet());
    }

    @Override
    public boolean mayHaveTargets(Set<String> rooms) {
        if (rooms.isEmpty()) {
            return !socketRooms.isEmpty();
        }
        for (String room : rooms) {
            if (roomMembers.containsKey(room)) {
                return true;
            }
        }
        return false;
    }

    /** Whether any local socket is in {@code room}. */
    public boolean hasRoom(String room) {
        return roomMembers.containsKey(room);
    }

    @Override
    public void close() {
        roomMembers.clear();
        socketRooms.clear();
    }

    /** The local sockets a broadcast selects, each once. */
    protected Set<String> targets(BroadcastOptions options) {
        if (options.except().isEmpty() && options.rooms().size() == 1) {
            // one room, nobody excepted: its members as they are (a concurrent set, iterated weakly
            // consistently, as a copy taken now would be), with no set built per broadcast
            Set<String> members = roomMembers.get(options.rooms().iterator().next());
            return members == null ? Set.of() : members;
        }
        Set<String> excluded = options.except().isEmpty() ? Set.of() : sockets(options.except());
        Set<String> candidates = options.rooms().isEmpty() ? socketRooms.keySet() : unionOf(options.rooms());
        Set<String> targets = new LinkedHashSet<>();
        for (String id : candidates) {
            if (!excluded.contains(id)) {
                targets.add(id);
            }
        }
        return targets;
    }

    private Set<String> unionOf(Set<String> rooms) {
        Set<String> union = new LinkedHashSet<>();
        for (String room : rooms) {
            union.addAll(roomMembers.getOrDefault(room, Set.of()));
        }
        return union;
    }

    // A set of one is immutable (Set.of: 24 bytes), since most are: each socket's own room, and the rooms
    // of a socket that joined none. It becomes a concurrent set when a second value comes. Both happen
    // inside the map's compute, atomically for their key.

    private static Set<String> added(Set<String> set, String value) {
        if (set == null) {
            return Set.of(value);
        }
        if (set instanceof ConcurrentHashMap.KeySetView<?, ?>) {
            set.add(value);
            return set;
        }
        if (set.contains(value)) {
            return set;
        }
        Set<String> grown = ConcurrentHashMap.newKeySet(4);
        grown.addAll(set);
        grown.add(value);
        return grown;
    }

    private static Set<String> removed(Set<String> set, String value) {
        if (!(set instanceof ConcurrentHashMap.KeySetView<?, ?>)) {
            return set.contains(value) ? null : set;
        }
        set.remove(value);
        return set.isEmpty() ? null : set;
    }
}
