package dev.skein.recovery;

import dev.skein.adapter.Adapter;
import dev.skein.adapter.BroadcastOptions;
import dev.skein.cluster.RedisCluster;
import dev.skein.cluster.RedisLink;
import dev.skein.protocol.PreparedEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.redisson.api.RStream;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamReadArgs;
import org.redisson.client.codec.ByteArrayCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One namespace's Redis stream, {@code <prefix>-stream#<nsp>#} (trimmed to about {@code maxPackets}), as a
 * cluster node uses it: the history of recoverable events and their order. The node appends its recoverable
 * emits (in its pipeline) and reads every entry back ({@code XREAD BLOCK}, one reader), delivering each, its
 * own included, to its local sockets in the stream's order, under one lock ({@link #inOrder}); the entry id is
 * the offset. A restore reads back from an offset ({@link #fetch}). It also counts this node's appends, so
 * that a socket's other packets can wait for its earlier recoverable events to be delivered ({@link
 * #afterEmits}). Thread-safe; nothing waits for Redis.
 */
final class RecoveryStream {
    private static final Logger log = LoggerFactory.getLogger(RecoveryStream.class);
    private static final int READ_COUNT = 512;
    /** Below Redisson's 3 s command timeout, so that an idle blocked read is never taken for a failure. */
    private static final Duration READ_BLOCK = Duration.ofSeconds(2);

    private static final Duration RETRY = Duration.ofMillis(500);
    private static final int FETCH_COUNT = 512;
    /** How long a socket's packet waits for its earlier recoverable events to come back from the stream. */
    private static final Duration STALE_WAIT = Duration.ofSeconds(5);

    /** What a fetch found: the missed packets so far, and the last id read. */
    record Fetched(List<RestoredSession.Missed> missed, StreamMessageId complete) {}

    /** An action waiting for this node's append {@code sequence}, since {@code sinceNanos}. */
    private record Waiting(long sequence, Runnable action, long sinceNanos) {}

    private final String namespace;
    private final Adapter adapter;
    private final RedisCluster cluster;
    private final RecoveryMetrics metrics;
    private final int maxPackets;
    private final String key;
    private final RStream<byte[], byte[]> stream;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final AtomicBoolean failing = new AtomicBoolean();
    private volatile boolean closed;

    private final Object lock = new Object();
    /** The last entry delivered here; null until the reader started. Guarded by {@link #lock}. */
    private StreamMessageId cursor;

    /** Orders this node's appends: their sequence numbers follow the pipeline's order. */
    private final Object appendLock = new Object();
    /** How many entries this node appended. Guarded by {@link #appendLock}. */
    private long appended;
    /** Actions waiting for this node's reader to deliver its earlier appends. Guarded by itself. */
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    /** Every own append up to this one was delivered here (or failed). Guarded by {@link #waiting}. */
    private long delivered;

    RecoveryStream(String namespace, Adapter adapter, RedisCluster cluster, int maxPackets, RecoveryMetrics metrics) {
        this.namespace = namespace;
        this.adapter = adapter;
        this.cluster = cluster;
        this.metrics = metrics;
        this.maxPackets = maxPackets;
        this.key = cluster.prefix() + "-stream#" + namespace + "#";
        this.stream = cluster.redisson().getStream(key, ByteArrayCodec.INSTANCE);
        start();
    }

    /** Completes once the reader started: from then on appends come back here. */
    CompletionStage<Void> ready() {
        return ready;
    }

    boolean isReading() {
        return ready.isDone();
    }

    /**
     * Runs {@code action} in order with the reader's deliveries, with the id of the last entry delivered here
     * ({@code null} before the reader started): a socket registered in it gets every later entry live.
     */
    <T> T inOrder(Function<StreamMessageId, T> action) {
        synchronized (lock) {
            return action.apply(cursor);
        }
    }

    // ---------------------------------------------------------------- reading

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
                        failed(error);
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
        StreamMessageId from = inOrder(last -> last);
        stream.readAsync(StreamReadArgs.greaterThan(from).count(READ_COUNT).timeout(READ_BLOCK))
                .whenComplete((entries, error) -> {
                    if (closed) {
                        return;
                    }
                    if (error != null) {
                        failed(error);
                        cluster.after(RETRY, this::read);
                        return;
                    }
                    if (failing.compareAndSet(true, false)) {
                        log.info("Namespace {} reads its recovery stream {} again", namespace, key);
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
            log.debug("Skipped a malformed entry {} of {}: {}", id, key, e.getMessage());
            return null;
        }
    }

    private void failed(Throwable error) {
        if (failing.compareAndSet(false, true)) {
            log.warn(
                    "Namespace {} cannot read its recovery stream {} ({}): its recoverable events reach no client"
                            + " until Redis answers (emits meanwhile are delivered here without an offset)",
                    namespace,
                    key,
                    RedisLink.rootMessage(error));
        }
    }

    /**
     * Reads the stream from {@code from} ({@code inclusive}: it must be there, or the history no longer reaches
     * back to it and the fetch answers {@code null}) to its end, adding to {@code missed} the packets for
     * {@code rooms}. Answers {@code null} as well past twice the history's length.
     */
    CompletionStage<Fetched> fetch(
            StreamMessageId from, boolean inclusive, Set<String> rooms, List<RestoredSession.Missed> missed) {
        return fetch(from, inclusive, rooms, missed, 0);
    }

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

    // ---------------------------------------------------------------- appending

    /**
     * Appends to the stream, which delivers it everywhere; if that fails, delivers here without an offset. A
     * node that does not read its stream yet (it is starting) appends for the other nodes and delivers here
     * without an offset.
     */
    void append(PreparedEvent event, BroadcastOptions options) {
        boolean reading = isReading();
        if (!reading) {
            unrecorded(event, options);
        }
        CompletableFuture<Void> sent = new CompletableFuture<>();
        long sequence;
        synchronized (appendLock) {
            sequence = ++appended;
            Map<byte[], byte[]> fields = StreamEntry.fields(cluster.uid(), sequence, event, options);
            cluster.pipeline(
                    pipeline -> pipeline.<byte[], byte[]>getStream(key, ByteArrayCodec.INSTANCE)
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

    private void unrecorded(PreparedEvent event, BroadcastOptions options) {
        metrics.unrecorded();
        adapter.broadcastLocal(event.plain(), options);
    }

    /** Runs {@code action} once this node's appends made before this call were delivered here. */
    void afterEmits(Runnable action) {
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
    void releaseStale() {
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

    /** Stops reading (the blocked read ends with the Redis link). */
    void close() {
        closed = true;
    }
}
