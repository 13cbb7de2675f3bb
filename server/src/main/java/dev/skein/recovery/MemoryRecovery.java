package dev.skein.recovery;

import dev.skein.adapter.Adapter;
import dev.skein.adapter.BroadcastFlags;
import dev.skein.adapter.BroadcastOptions;
import dev.skein.protocol.EncodedPacket;
import dev.skein.protocol.PreparedEvent;
import dev.skein.recovery.RecoveryMetrics.Outcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Recovery for one namespace of a node alone: offsets are a counter, the history and the sessions live in
 * memory. One lock orders everything: an emit takes its offset, is recorded and handed to the connections'
 * event loops (as tasks, never written at once) under it, so each connection gets the packets in offset
 * order; a restored socket is registered and sent what it missed under it too, so nothing it missed comes
 * twice or not at all. Connected sockets are known by private id, so a reconnect that overtakes the old
 * connection's close takes that socket's session over. Thread-safe.
 */
final class MemoryRecovery implements NamespaceRecovery {
    /** The most bytes of recorded packets a namespace keeps, whatever their count. */
    static final long MAX_HISTORY_BYTES = 64L << 20;
    /** The most disconnected sessions a namespace keeps; the oldest go first. */
    static final int MAX_SESSIONS = 1_000_000;

    private final Adapter adapter;
    private final long maxDisconnectionMillis;
    private final RecoveryMetrics metrics;
    private final Clock clock;

    private final Object lock = new Object();
    private final PacketHistory history;
    /** Connected sockets by private id, and the offset each started from. */
    private final Map<String, Live> live = new HashMap<>();
    /** Disconnected sessions by private id, in the order they disconnected. */
    private final LinkedHashMap<String, Kept> kept = new LinkedHashMap<>();

    private record Live(RecoverableSocket socket, long since) {}

    private record Kept(String sid, Set<String> rooms, Map<String, Object> data, long since, long atMillis) {}

    MemoryRecovery(Adapter adapter, long maxDisconnectionMillis, int maxPackets, RecoveryMetrics metrics, Clock clock) {
        this.adapter = adapter;
        this.maxDisconnectionMillis = maxDisconnectionMillis;
        this.metrics = metrics;
        this.clock = clock;
        this.history = new PacketHistory(maxPackets, MAX_HISTORY_BYTES);
    }

    @Override
    public boolean recoversLocal() {
        return true;
    }

    @Override
    public Map<String, Object> newData(Map<String, Object> initial, RecoverableSocket owner) {
        return initial != null ? initial : new ConcurrentHashMap<>(2);
    }

    @Override
    public void admit(RecoverableSocket socket, Runnable attach) {
        synchronized (lock) {
            attach.run();
            live.put(socket.pid(), new Live(socket, history.last()));
        }
    }

    @Override
    public void admitted(RecoverableSocket socket) {
        // nothing to write: the session is this socket, in memory
    }

    @Override
    public CompletionStage<RestoredSession> restore(String pid, String offset) {
        synchronized (lock) {
            expire(clock.millis());
            return CompletableFuture.completedFuture(claim(pid, offset));
        }
    }

    private RestoredSession claim(String pid, String offset) {
        Live connected = live.get(pid);
        Kept disconnected = connected == null ? kept.get(pid) : null;
        if (connected == null && disconnected == null) {
            metrics.restore(Outcome.UNKNOWN);
            return null;
        }
        long since = connected != null ? connected.since() : disconnected.since();
        long from = offset == null ? since : parse(offset);
        if (from < since || from > history.last()) {
            metrics.restore(Outcome.INVALID);
            return null;
        }
        if (!history.covers(from)) {
            metrics.restore(Outcome.GONE);
            return null;
        }
        if (connected != null) {
            live.remove(pid);
            RecoverableSocket previous = connected.socket();
            return restored(pid, previous.id(), previous.rooms(), previous.data(), since, from, previous);
        }
        kept.remove(pid);
        return restored(pid, disconnected.sid(), disconnected.rooms(), disconnected.data(), since, from, null);
    }

    private RestoredSession restored(
            String pid,
            String sid,
            Set<String> rooms,
            Map<String, Object> data,
            long since,
            long from,
            RecoverableSocket previous) {
        List<RestoredSession.Missed> missed = new ArrayList<>();
        for (PacketHistory.Entry entry : history.after(from, rooms)) {
            missed.add(new RestoredSession.Missed(Long.toString(entry.offset()), entry.packet()));
        }
        return new RestoredSession(
                sid, pid, rooms, data, Long.toString(since), 0, missed, Long.toString(history.last()), previous);
    }

    @Override
    public CompletionStage<Boolean> admitRestored(
            RecoverableSocket socket,
            RestoredSession session,
            BooleanSupplier attach,
            Consumer<List<EncodedPacket>> replay) {
        synchronized (lock) {
            if (!attach.getAsBoolean()) {
                keep(socket.pid(), session.sid(), session.rooms(), session.data(), Long.parseLong(session.since));
                metrics.restore(Outcome.ABANDONED);
                return CompletableFuture.completedFuture(false);
            }
            List<EncodedPacket> packets = new ArrayList<>(session.missed.size());
            session.missed.forEach(missed -> packets.add(missed.packet()));
            long complete = Long.parseLong(session.complete);
            if (complete < history.last()) {
                if (!history.covers(complete)) {
                    metrics.gap();
                }
                history.after(complete, session.rooms()).forEach(entry -> packets.add(entry.packet()));
            }
            live.put(socket.pid(), new Live(socket, Long.parseLong(session.since)));
            replay.accept(packets);
            metrics.restore(Outcome.RECOVERED);
            metrics.replayed(packets.size());
            return CompletableFuture.completedFuture(true);
        }
    }

    @Override
    public void changed(RecoverableSocket socket) {
        // the live socket is the session
    }

    @Override
    public void closed(RecoverableSocket socket, String reason) {
        synchronized (lock) {
            Live current = live.get(socket.pid());
            if (current == null || current.socket() != socket) {
                return;
            }
            live.remove(socket.pid());
            if (RecoverableReasons.keepsSession(reason)) {
                expire(clock.millis());
                keep(socket.pid(), socket.id(), Set.copyOf(socket.rooms()), socket.data(), current.since());
                metrics.kept();
            }
        }
    }

    @Override
    public void broadcast(PreparedEvent event, BroadcastOptions options) {
        synchronized (lock) {
            long now = clock.millis();
            history.expire(now - maxDisconnectionMillis);
            EncodedPacket packet = event.withOffset(Long.toString(history.last() + 1));
            history.add(now, options, packet);
            adapter.broadcastInOrder(packet, options);
        }
    }

    @Override
    public void emitTo(RecoverableSocket socket, PreparedEvent event, BroadcastFlags flags) {
        broadcast(event, new BroadcastOptions(Set.of(socket.id()), Set.of(), flags));
    }

    @Override
    public void afterEmits(Runnable action) {
        // every emit was handed to the event loops under the lock before it returned
        action.run();
    }

    @Override
    public CompletionStage<Void> whenReady() {
        return CompletableFuture.completedFuture(null);
    }

    /** Sessions kept, for the gauge. */
    int sessionCount() {
        synchronized (lock) {
            return kept.size();
        }
    }

    /** Packets recorded, for the gauge. */
    int historySize() {
        synchronized (lock) {
            return history.size();
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            live.clear();
            kept.clear();
        }
    }

    private void keep(String pid, String sid, Set<String> rooms, Map<String, Object> data, long since) {
        kept.put(pid, new Kept(sid, rooms, data, since, clock.millis()));
        if (kept.size() > MAX_SESSIONS) {
            Iterator<String> eldest = kept.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    /** Forgets the sessions and packets older than the longest disconnection recovered. */
    private void expire(long now) {
        long oldest = now - maxDisconnectionMillis;
        for (Iterator<Kept> it = kept.values().iterator(); it.hasNext(); ) {
            if (it.next().atMillis() >= oldest) {
                break;
            }
            it.remove();
        }
        history.expire(oldest);
    }

    /** An offset this node gave: a decimal counter; anything else is -1 (never valid). */
    private static long parse(String offset) {
        if (offset.isEmpty() || offset.length() > 18) {
            return -1;
        }
        for (int i = 0; i < offset.length(); i++) {
            if (offset.charAt(i) < '0' || offset.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(offset);
    }
}
