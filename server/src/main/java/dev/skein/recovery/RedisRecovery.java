package dev.skein.recovery;

import dev.skein.adapter.Adapter;
import dev.skein.adapter.BroadcastFlags;
import dev.skein.adapter.BroadcastOptions;
import dev.skein.cluster.RedisCluster;
import dev.skein.cluster.RedisLink;
import dev.skein.internal.Ids;
import dev.skein.protocol.EncodedPacket;
import dev.skein.protocol.PreparedEvent;
import dev.skein.recovery.RecoveryMetrics.Outcome;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
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
import org.redisson.api.RStream;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamReadArgs;
import org.redisson.client.codec.ByteArrayCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovery for one namespace of a cluster node. The namespace's Redis stream ({@code <prefix>-stream#<nsp>#},
 * trimmed to about {@code maxPackets}) is both its history and its order: a recoverable emit is appended to it
 * (in the node's pipeline, with the classic broadcast for nodes that do not read it), and every node delivers
 * what it reads from the stream, its own emits included, in the stream's order; the entry id is the offset.
 * So a client that missed packets recovers on any node with exactly those after its offset. Sessions are
 * hashes in Redis ({@link RedisSessions}), written through while the socket is connected (once admitted, then
 * when its rooms or data change, and refreshed before they expire), so the clients of a node that crashed
 * recover too. Thread-safe; nothing here waits for Redis.
 */
final class RedisRecovery implements NamespaceRecovery {
    private static final Logger log = LoggerFactory.getLogger(RedisRecovery.class);
    private static final int READ_COUNT = 512;
    private static final Duration READ_BLOCK = Duration.ofSeconds(2);
    private static final Duration RETRY = Duration.ofMillis(500);
    private static final int FETCH_COUNT = 512;
    private static final int REFRESH_CHUNK = 1_000;
    private static final Pattern PID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** How long a socket's packet waits for its earlier recoverable events to come back from the stream. */
    private static final Duration STALE_WAIT = Duration.ofSeconds(5);

    private final String namespace;
    private final Adapter adapter;
    private final RedisCluster cluster;
    private final RecoveryMetrics metrics;
    private final Clock clock;
    private final long maxDisconnectionMillis;
    private final long connectedTtlMillis;
    private final int maxPackets;
    private final String streamKey;
    private final RStream<byte[], byte[]> stream;
    private final RedisSessions sessions;

    private final Object lock = new Object();
    /** The last entry delivered here; null until the reader started. Guarded by {@link #lock}. */
    private StreamMessageId cursor;

    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final ConcurrentHashMap<String, Live> live = new ConcurrentHashMap<>();
    private final AtomicBoolean readerFailing = new AtomicBoolean();

    /** Orders this node's appends: their sequence numbers follow the pipeline's order. */
    private final Object appendLock = new Object();
    /** How many entries this node appended. Guarded by {@link #appendLock}. */
    private long appended;
    /**
     * Actions waiting for this node's reader to deliver its earlier appends ({@link #afterEmits}), and how far
     * it has: every own append up to {@code delivered} was delivered here (or failed). Guarded by itself.
     */
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

    private long delivered;

    /** An action waiting for this node's append {@code sequence}, since {@code sinceNanos}. */
    private record Waiting(long sequence, Runnable action, long sinceNanos) {}

    private final AtomicBoolean warnedData = new AtomicBoolean();
    private volatile boolean closed;

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
        this.maxPackets = maxPackets;
        this.streamKey = cluster.prefix() + "-stream#" + namespace + "#";
        this.stream = cluster.redisson().getStream(streamKey, ByteArrayCodec.INSTANCE);
        this.sessions = new RedisSessions(cluster, namespace);
        start();
    }

    @Override
    public String newPid() {
        return Ids.privateSessionId();
    }

    @Override
    public boolean recoversLocal() {
        return false;
    }

    @Override
    public Map<String, Object> newData(Map<String, Object> initial, RecoverableSocket owner) {
        return new ObservedData(initial, () -> changed(owner));
    }

    // ---------------------------------------------------------------- the stream

    /** Finds the stream's end (adding a marker to an empty stream), then reads from there. */
    private void start() {
        stream.rangeReversedAsync(1, StreamMessageId.MAX, StreamMessageId.MIN)
                .thenCompose(last -> last.isEmpty()
                        ? stream.addAsync(StreamAddArgs.entries(StreamEntry.marker(cluster.uid())))
                        : CompletableFuture.completedFuture(
                                last.keySet().iterator().next()))
                .whenComplete((end, error) -> {
                    if (closed) {
                        return;
                    }
                    if (error != null) {
                        readFailed(error);
                        cluster.after(RETRY, this::start);
                        return;
                    }
                    synchronized (lock) {
                        cursor = end;
                    }
                    ready.complete(null);
                    read();
                });
    }

    private void read() {
        if (closed) {
            return;
        }
        StreamMessageId from;
        synchronized (lock) {
            from = cursor;
        }
        stream.readAsync(StreamReadArgs.greaterThan(from).count(READ_COUNT).timeout(READ_BLOCK))
                .whenComplete((entries, error) -> {
                    if (closed) {
                        return;
                    }
                    if (error != null) {
                        readFailed(error);
                        cluster.after(RETRY, this::read);
                        return;
                    }
                    if (readerFailing.compareAndSet(true, false)) {
                        log.info("Namespace {} reads its recovery stream {} again", namespace, streamKey);
                    }
                    if (entries != null) {
                        deliver(entries);
                    }
                    read();
                });
    }

    /** Delivers what the stream gave, in its order, each entry once. */
    private void deliver(Map<StreamMessageId, Map<byte[], byte[]>> entries) {
        List<StreamMessageId> ids = new ArrayList<>(entries.keySet());
        ids.sort(StreamEntry::compare);
        for (StreamMessageId id : ids) {
            StreamEntry entry = parse(id, entries.get(id));
            synchronized (lock) {
                if (StreamEntry.compare(id, cursor) <= 0) {
                    continue;
                }
                cursor = id;
                if (entry != null
                        && entry.isEvent()
                        && adapter.mayHaveTargets(entry.options().rooms())) {
                    adapter.broadcastInOrder(entry.event().withOffset(entry.offset()), entry.options());
                }
            }
            if (entry != null && entry.sequence() > 0 && cluster.uid().equals(entry.uid())) {
                delivered(entry.sequence());
            }
        }
    }

    private StreamEntry parse(StreamMessageId id, Map<byte[], byte[]> fields) {
        try {
            return StreamEntry.parse(namespace, id, fields);
        } catch (IOException | RuntimeException e) {
            log.debug("Skipped a malformed entry {} of {}: {}", id, streamKey, e.getMessage());
            return null;
        }
    }

    private void readFailed(Throwable error) {
        if (readerFailing.compareAndSet(false, true)) {
            log.warn(
                    "Namespace {} cannot read its recovery stream {} ({}): its recoverable events reach no client"
                            + " until Redis answers (emits meanwhile are delivered here without an offset)",
                    namespace,
                    streamKey,
                    RedisLink.rootMessage(error));
        }
    }

    // ---------------------------------------------------------------- emits

    @Override
    public void broadcast(PreparedEvent event, BroadcastOptions options) {
        append(event, options);
        adapter.publishRemote(event.event(), event.args(), options);
    }

    @Override
    public void emitTo(RecoverableSocket socket, PreparedEvent event, BroadcastFlags flags) {
        append(event, new BroadcastOptions(Set.of(socket.id()), Set.of(), flags));
    }

    /**
     * Appends to the stream, which delivers it everywhere; if that fails, delivers here without an offset. A
     * node that does not read its stream yet (it is starting) appends for the other nodes and delivers here
     * without an offset.
     */
    private void append(PreparedEvent event, BroadcastOptions options) {
        boolean reading = ready.isDone();
        if (!reading) {
            unrecorded(event, options);
        }
        CompletableFuture<Void> sent = new CompletableFuture<>();
        long sequence;
        synchronized (appendLock) {
            sequence = ++appended;
            Map<byte[], byte[]> fields = StreamEntry.fields(cluster.uid(), sequence, event, options);
            cluster.pipeline(
                    pipeline -> pipeline.<byte[], byte[]>getStream(streamKey, ByteArrayCodec.INSTANCE)
                            .addAsync(StreamAddArgs.entries(fields)
                                    .trimNonStrict()
                                    .maxLen(maxPackets)
                                    .noLimit()),
                    sent);
        }
        if (!reading) {
            // its reader starts after it: delivered here already
            delivered(sequence);
        }
        sent.whenComplete((done, error) -> {
            if (error != null && reading) {
                unrecorded(event, options);
                delivered(sequence);
            }
        });
    }

    @Override
    public void afterEmits(Runnable action) {
        long sequence;
        synchronized (appendLock) {
            sequence = appended;
        }
        synchronized (waiting) {
            if (sequence > delivered) {
                waiting.addLast(new Waiting(sequence, action, System.nanoTime()));
                return;
            }
        }
        action.run();
    }

    /** This node's append {@code sequence} (and every one before) was delivered here, or failed. */
    private void delivered(long sequence) {
        List<Runnable> due = new ArrayList<>();
        synchronized (waiting) {
            delivered = Math.max(delivered, sequence);
            while (!waiting.isEmpty() && waiting.peekFirst().sequence() <= delivered) {
                due.add(waiting.removeFirst().action());
            }
        }
        due.forEach(Runnable::run);
    }

    /**
     * Runs the actions that waited too long for an append that will never be read back (the stream was lost,
     * or trimmed before this node read it): they go out unordered rather than never.
     */
    private void releaseStale() {
        long oldest = System.nanoTime() - STALE_WAIT.toNanos();
        List<Runnable> due = new ArrayList<>();
        synchronized (waiting) {
            while (!waiting.isEmpty() && waiting.peekFirst().sinceNanos() < oldest) {
                due.add(waiting.removeFirst().action());
            }
        }
        if (!due.isEmpty()) {
            log.debug(
                    "Namespace {}: {} packet(s) waited over {} s for the stream; sent",
                    namespace,
                    due.size(),
                    STALE_WAIT.toSeconds());
        }
        due.forEach(Runnable::run);
    }

    private void unrecorded(PreparedEvent event, BroadcastOptions options) {
        metrics.unrecorded();
        adapter.broadcastLocal(event.plain(), options);
    }

    // ---------------------------------------------------------------- sessions of connected sockets

    @Override
    public void admit(RecoverableSocket socket, Runnable attach) {
        synchronized (lock) {
            attach.run();
            if (cursor != null) {
                live.put(socket.pid(), new Live(socket, 0, cursor.toString()));
            }
        }
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
        releaseStale();
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
        if (!ready.isDone()) {
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
        return fetch(from, true, record.rooms(), new ArrayList<>(), 0).thenCompose(fetched -> {
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

    /** What a fetch found: the missed packets, and the last id read. */
    private record Fetched(List<RestoredSession.Missed> missed, StreamMessageId complete) {}

    /**
     * Reads the stream from {@code from} ({@code inclusive}: it must be there, or the history no longer reaches
     * back to it and the fetch answers {@code null}) to its end, keeping the packets for {@code rooms}.
     */
    private CompletionStage<Fetched> fetch(
            StreamMessageId from, boolean inclusive, Set<String> rooms, List<RestoredSession.Missed> missed, int read) {
        StreamMessageId start = inclusive ? from : StreamEntry.next(from);
        return stream.rangeAsync(FETCH_COUNT, start, StreamMessageId.MAX).thenCompose(entries -> {
            List<StreamMessageId> ids = new ArrayList<>(entries.keySet());
            ids.sort(StreamEntry::compare);
            if (inclusive && (ids.isEmpty() || !ids.get(0).equals(from))) {
                return CompletableFuture.completedFuture(null);
            }
            StreamMessageId last = from;
            for (StreamMessageId id : ids) {
                last = id;
                StreamEntry entry = id.equals(from) ? null : parse(id, entries.get(id));
                if (entry != null
                        && entry.isEvent()
                        && RoomFilter.selects(
                                entry.options().rooms(), entry.options().except(), rooms)) {
                    missed.add(new RestoredSession.Missed(
                            entry.offset(), entry.event().withOffset(entry.offset())));
                }
            }
            int total = read + ids.size();
            if (ids.size() < FETCH_COUNT) {
                return CompletableFuture.completedFuture(new Fetched(missed, last));
            }
            if (total > 2 * maxPackets + FETCH_COUNT) {
                return CompletableFuture.completedFuture(null);
            }
            return fetch(last, false, rooms, missed, total);
        });
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
        synchronized (lock) {
            if (StreamEntry.compare(cursor, complete) <= 0) {
                admitted.complete(attachRestored(socket, session, attach, replay));
                return;
            }
        }
        fetch(complete, false, session.rooms(), session.missed, 0).whenComplete((fetched, error) -> {
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

    private boolean attachRestored(
            RecoverableSocket socket,
            RestoredSession session,
            BooleanSupplier attach,
            Consumer<List<EncodedPacket>> replay) {
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
        return ready;
    }

    @Override
    public void close() {
        closed = true;
        live.clear();
    }
}
