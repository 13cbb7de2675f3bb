package dev.skein.recovery;

import dev.skein.adapter.Adapter;
import dev.skein.adapter.BroadcastFlags;
import dev.skein.adapter.BroadcastOptions;
import dev.skein.cluster.RedisCluster;
import dev.skein.protocol.EncodedPacket;
import dev.skein.protocol.PreparedEvent;
import dev.skein.recovery.RecoveryMetrics.Outcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.redisson.api.stream.StreamMessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovery for one namespace of a cluster node. The namespace's Redis stream ({@link RecoveryStream}) is both
 * its history and its order: a recoverable emit is appended to it (with the classic broadcast for the nodes
 * that do not read it), and every node delivers what it reads from it, its own emits included, in the
 * stream's order; the entry id is the offset. So a client that missed packets recovers on any node with
 * exactly those after its offset. Sessions are hashes in Redis ({@link RedisSessions}), written through while
 * the socket is connected (once admitted, then when its rooms or data change, and refreshed before they
 * expire), so the clients of a node that crashed recover too. Thread-safe; nothing here waits for Redis.
 */
final class RedisRecovery implements NamespaceRecovery {
    private static final Logger log = LoggerFactory.getLogger(RedisRecovery.class);
    private static final int REFRESH_CHUNK = 1_000;
    private static final Pattern PID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final String namespace;
    private final Adapter adapter;
    private final RedisCluster cluster;
    private final RecoveryMetrics metrics;
    private final Clock clock;
    private final long maxDisconnectionMillis;
    private final long connectedTtlMillis;
    private final RecoveryStream stream;
    private final RedisSessions sessions;
    private final ConcurrentHashMap<String, Live> live = new ConcurrentHashMap<>();
    private final AtomicBoolean warnedData = new AtomicBoolean();

    /** A connected socket's session: its generation, where it started, whether a write is queued. */
    private static final class Live {
        final RecoverableSocket socket;
        final long generation;
        final String since;
        final AtomicBoolean dirty = new AtomicBoolean();
        volatile boolean admitting = true;

        Live(RecoverableSocket socket, long generation, String since) {
            this.socket = socket;
            this.generation = generation;
            this.since = since;
        }
    }

    RedisRecovery(
            String namespace,
            Adapter adapter,
            RedisCluster cluster,
            long maxDisconnectionMillis,
            long refreshMillis,
            int maxPackets,
            RecoveryMetrics metrics,
            Clock clock) {
        this.namespace = namespace;
        this.adapter = adapter;
        this.cluster = cluster;
        this.metrics = metrics;
        this.clock = clock;
        this.maxDisconnectionMillis = maxDisconnectionMillis;
        this.connectedTtlMillis = maxDisconnectionMillis + 2 * refreshMillis;
        this.stream = new RecoveryStream(namespace, adapter, cluster, maxPackets, metrics);
        this.sessions = new RedisSessions(cluster, namespace);
    }

    @Override
    public boolean recoversLocal() {
        return false;
    }

    @Override
    public Map<String, Object> newData(Map<String, Object> initial, RecoverableSocket owner) {
        return new ObservedData(initial, () -> changed(owner));
    }

    // ---------------------------------------------------------------- emits

    @Override
    public void broadcast(PreparedEvent event, BroadcastOptions options) {
        stream.append(event, options);
        adapter.publishRemote(event.event(), event.args(), options);
    }

    @Override
    public void emitTo(RecoverableSocket socket, PreparedEvent event, BroadcastFlags flags) {
        stream.append(event, new BroadcastOptions(Set.of(socket.id()), Set.of(), flags));
    }

    @Override
    public void afterEmits(Runnable action) {
        stream.afterEmits(action);
    }

    // ---------------------------------------------------------------- sessions of connected sockets

    @Override
    public void admit(RecoverableSocket socket, Runnable attach) {
        stream.inOrder(cursor -> {
            attach.run();
            if (cursor != null) {
                live.put(socket.pid(), new Live(socket, 0, cursor.toString()));
            }
            return null;
        });
    }

    @Override
    public void admitted(RecoverableSocket socket) {
        Live session = live.get(socket.pid());
        if (session != null && session.socket == socket) {
            session.admitting = false;
            writeThrough(session);
        }
    }

    @Override
    public void changed(RecoverableSocket socket) {
        Live session = live.get(socket.pid());
        if (session != null && session.socket == socket && !session.admitting) {
            writeThrough(session);
        }
    }

    /** Queues one write of the session; changes until it goes out are in it. */
    private void writeThrough(Live session) {
        if (!session.dirty.compareAndSet(false, true)) {
            return;
        }
        String pid = session.socket.pid();
        cluster.pipeline(
                sessions.write(
                        pid,
                        session.generation,
                        () -> {
                            session.dirty.set(false);
                            return live.get(pid) == session ? record(session, true) : null;
                        },
                        connectedTtlMillis),
                tracked());
    }

    @Override
    public void closed(RecoverableSocket socket, String reason) {
        Live session = live.get(socket.pid());
        if (session == null || session.socket != socket || !live.remove(socket.pid(), session)) {
            return;
        }
        if (RecoverableReasons.keepsSession(reason)) {
            byte[] record = record(session, false);
            cluster.pipeline(
                    sessions.write(socket.pid(), session.generation, () -> record, maxDisconnectionMillis), tracked());
            metrics.kept();
        } else {
            cluster.pipeline(sessions.forget(socket.pid(), session.generation, connectedTtlMillis), tracked());
        }
    }

    private byte[] record(Live session, boolean connected) {
        RecoverableSocket socket = session.socket;
        Map<String, Object> data = socket.data();
        boolean json = SessionRecord.isJson(data);
        if (!json && warnedData.compareAndSet(false, true)) {
            log.warn(
                    "Namespace {}: a socket's data is not JSON; its session keeps {} instead (recovered sockets of this"
                            + " namespace come back without their data)",
                    namespace,
                    "{}");
        }
        return new SessionRecord(socket.id(), socket.rooms(), data, session.since, connected, clock.millis())
                .encode(json);
    }

    private CompletableFuture<Void> tracked() {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        sent.whenComplete((done, error) -> {
            if (error != null) {
                metrics.writeFailed();
            }
        });
        return sent;
    }

    /** Pushes back the expiry of every connected socket's session (and releases stale waits). */
    void refresh() {
        stream.releaseStale();
        List<String> pids = new ArrayList<>(Math.min(live.size(), REFRESH_CHUNK));
        for (String pid : live.keySet()) {
            pids.add(pid);
            if (pids.size() == REFRESH_CHUNK) {
                cluster.pipeline(sessions.refresh(List.copyOf(pids), connectedTtlMillis), null);
                pids.clear();
            }
        }
        if (!pids.isEmpty()) {
            cluster.pipeline(sessions.refresh(List.copyOf(pids), connectedTtlMillis), null);
        }
    }

    // ---------------------------------------------------------------- restore

    @Override
    public CompletionStage<RestoredSession> restore(String pid, String offset) {
        StreamMessageId after = offset == null ? null : StreamEntry.parseOffset(offset);
        if (!PID.matcher(pid).matches() || (offset != null && after == null)) {
            metrics.restore(Outcome.INVALID);
            return CompletableFuture.completedFuture(null);
        }
        if (!stream.isReading()) {
            metrics.restore(Outcome.FAILED);
            return CompletableFuture.completedFuture(null);
        }
        return sessions.claim(pid, connectedTtlMillis)
                .thenCompose(claimed -> claimed == null ? unknown() : restore(pid, after, claimed))
                .exceptionally(error -> {
                    log.debug("Could not restore a session of namespace {}: {}", namespace, error.toString());
                    metrics.restore(Outcome.FAILED);
                    return null;
                });
    }

    private CompletionStage<RestoredSession> unknown() {
        metrics.restore(Outcome.UNKNOWN);
        return CompletableFuture.completedFuture(null);
    }

    private CompletionStage<RestoredSession> restore(
            String pid, StreamMessageId offset, RedisSessions.Claimed claimed) {
        SessionRecord record;
        try {
            record = SessionRecord.decode(claimed.record());
        } catch (SessionRecord.Malformed e) {
            metrics.restore(Outcome.INVALID);
            return CompletableFuture.completedFuture(null);
        }
        StreamMessageId since = StreamEntry.parseOffset(record.since());
        StreamMessageId from = offset != null ? offset : since;
        if (!record.connected() && record.atMillis() + maxDisconnectionMillis < clock.millis()) {
            return unknown();
        }
        if (since == null || StreamEntry.compare(from, since) < 0) {
            // an offset from before this session: the session stays for its own client
            metrics.restore(Outcome.INVALID);
            return unclaim(pid, claimed, record);
        }
        return stream.fetch(from, true, record.rooms(), new ArrayList<>()).thenCompose(fetched -> {
            if (fetched == null) {
                metrics.restore(Outcome.GONE);
                return unclaim(pid, claimed, record);
            }
            return CompletableFuture.completedFuture(new RestoredSession(
                    record.sid(),
                    pid,
                    record.rooms(),
                    record.data(),
                    record.since(),
                    claimed.generation(),
                    fetched.missed(),
                    fetched.complete().toString(),
                    null));
        });
    }

    /** Puts the claimed session back for its own client; completes with {@code null} (not restored) once done. */
    private CompletionStage<RestoredSession> unclaim(String pid, RedisSessions.Claimed claimed, SessionRecord record) {
        long ttl =
                record.connected() ? connectedTtlMillis : record.atMillis() + maxDisconnectionMillis - clock.millis();
        return sessions.unclaim(pid, claimed, ttl).handle((done, error) -> null);
    }

    @Override
    public CompletionStage<Boolean> admitRestored(
            RecoverableSocket socket,
            RestoredSession session,
            BooleanSupplier attach,
            Consumer<List<EncodedPacket>> replay) {
        CompletableFuture<Boolean> admitted = new CompletableFuture<>();
        tryAdmit(socket, session, attach, replay, admitted);
        return admitted;
    }

    /**
     * Admits the socket once what was fetched reaches what this node delivered: the packets up to there are
     * replayed, the later ones reach it live. Otherwise fetches what the reader delivered meanwhile, and tries
     * again.
     */
    private void tryAdmit(
            RecoverableSocket socket,
            RestoredSession session,
            BooleanSupplier attach,
            Consumer<List<EncodedPacket>> replay,
            CompletableFuture<Boolean> admitted) {
        StreamMessageId complete = StreamEntry.parseOffset(session.complete);
        Boolean done = stream.inOrder(cursor -> StreamEntry.compare(cursor, complete) <= 0
                ? attachRestored(socket, session, attach, replay, cursor)
                : null);
        if (done != null) {
            admitted.complete(done);
            return;
        }
        stream.fetch(complete, false, session.rooms(), session.missed).whenComplete((fetched, error) -> {
            if (error != null || fetched == null) {
                giveBack(socket, session);
                metrics.restore(error != null ? Outcome.FAILED : Outcome.GONE);
                admitted.complete(false);
                return;
            }
            session.complete = fetched.complete().toString();
            tryAdmit(socket, session, attach, replay, admitted);
        });
    }

    /** Registers the restored socket and replays what it missed up to {@code cursor}; in order with the reader. */
    private boolean attachRestored(
            RecoverableSocket socket,
            RestoredSession session,
            BooleanSupplier attach,
            Consumer<List<EncodedPacket>> replay,
            StreamMessageId cursor) {
        if (!attach.getAsBoolean()) {
            giveBack(socket, session);
            metrics.restore(Outcome.ABANDONED);
            return false;
        }
        List<EncodedPacket> packets = new ArrayList<>(session.missed.size());
        for (RestoredSession.Missed missed : session.missed) {
            if (StreamEntry.compare(StreamEntry.parseOffset(missed.offset()), cursor) <= 0) {
                packets.add(missed.packet());
            }
        }
        live.put(socket.pid(), new Live(socket, session.generation, session.since));
        replay.accept(packets);
        metrics.restore(Outcome.RECOVERED);
        metrics.replayed(packets.size());
        // the connection this socket had may still be open on another node, which has not noticed it is gone
        adapter.disconnectRemote(new BroadcastOptions(Set.of(socket.id()), Set.of(), BroadcastFlags.DEFAULT), false);
        return true;
    }

    /** The client left before its restored socket was admitted: the session is kept again. */
    private void giveBack(RecoverableSocket socket, RestoredSession session) {
        byte[] record = new SessionRecord(
                        session.sid(), session.rooms(), session.data(), session.since, false, clock.millis())
                .encode(SessionRecord.isJson(session.data()));
        cluster.pipeline(
                sessions.write(socket.pid(), session.generation, () -> record, maxDisconnectionMillis), tracked());
    }

    @Override
    public CompletionStage<Void> whenReady() {
        return stream.ready();
    }

    @Override
    public void close() {
        stream.close();
        live.clear();
    }
}
