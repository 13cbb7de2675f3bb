package dev.skein.cluster;

import dev.skein.metrics.SkeinMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's cluster publishes, pipelined. Any thread queues a {@code PUBLISH} and goes on: it never waits
 * for Redis and never takes a lock, so an emit on a Netty event loop costs it a queue offer. One thread,
 * {@code skein-cluster-publisher}, sends what is queued as one pipeline ({@link Sink#publishAll}: a
 * Redisson batch in memory, no {@code MULTI}) of at most {@code maxBatch} publishes, one pipeline at a
 * time: while one waits for Redis, the next fills, so the busier the node, the bigger its pipelines.
 *
 * <p><b>Order.</b> Publishes leave in the order they were queued, and a pipeline leaves only once Redis
 * answered the one before, so two publishes made one after the other (from one thread, to any channels)
 * reach Redis in that order.
 *
 * <p><b>Bound.</b> At most {@code capacity} publishes wait. A publish beyond is dropped: counted in {@code
 * skein_cluster_publishes_dropped_total}, the first of a run logged at WARN, the end of the run at INFO; a
 * tracked publish fails at once. {@code skein_cluster_publish_queue} shows how many wait.
 *
 * <p><b>Failures.</b> A pipeline that Redis refuses, or does not answer within Redisson's command timeout,
 * fails every publish in it: each is counted in {@code skein_cluster_publish_failures_total}, the first
 * failure of a run is logged at WARN and the first success after it at INFO. Nothing is retried (pub/sub
 * keeps nothing for a node that was away, so a late broadcast is worth little).
 *
 * <p>Thread-safe.
 */
final class Publisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Publisher.class);

    /**
     * How many publishes may wait: a Redis stall of 2 s at 60,000 publishes a second, or a burst of 100,000
     * emits from one thread (which reached 67,000 waiting on a loaded 2-core machine); about 30 MB for
     * chat-sized messages (some 230 bytes each, queued).
     */
    static final int DEFAULT_CAPACITY = 131_072;
    /** The most publishes in one pipeline. */
    static final int DEFAULT_MAX_BATCH = 1_024;
    /** A pipeline that Redisson neither answered nor failed by then (its own timeout is shorter) fails. */
    private static final Duration STUCK_AFTER = Duration.ofSeconds(30);
    /** How long {@link #close()} lets the queued publishes go out. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    /** Where pipelines go: Redis ({@link RedisLink#publishAll}), or a test's fake. */
    @FunctionalInterface
    interface Sink {
        /**
         * Publishes {@code batch} in its order; completes once Redis answered them all, or fails for all.
         * Called on the publisher thread; must not block, and must not keep {@code batch} (it is reused).
         */
        CompletionStage<Void> publishAll(List<Publish> batch);
    }

    /**
     * One queued {@code PUBLISH}, or another {@code command} for the same pipeline (connection state
     * recovery's stream entries and sessions, which keep their order with the publishes); {@code sent} (may
     * be null) completes when Redis answered it, or fails when it was dropped or failed.
     */
    record Publish(String channel, byte[] message, CompletableFuture<Void> sent, PipelineCommand command) {
        Publish(String channel, byte[] message, CompletableFuture<Void> sent) {
            this(channel, message, sent, null);
        }
    }

    private final Sink sink;
    private final String address;
    private final SkeinMetrics metrics;
    private final int capacity;
    private final int maxBatch;
    private final Queue<Publish> queue = new ConcurrentLinkedQueue<>();
    /** How many publishes are in {@link #queue}: the bound (a {@code ConcurrentLinkedQueue} has none). */
    private final AtomicInteger queued = new AtomicInteger();
    /** Whether the publisher thread is parked, or about to: a producer that clears it unparks the thread. */
    private final AtomicBoolean sleeping = new AtomicBoolean();
    /** Whether the last publish was queued, so that a run of drops is logged once. */
    private final AtomicBoolean accepting = new AtomicBoolean(true);

    private final Thread thread;
    private volatile boolean closed;
    /** Whether the last pipeline reached Redis, so that a run of failures is logged once; publisher thread. */
    private boolean reaching = true;

    private Publisher(Sink sink, String address, SkeinMetrics metrics, int capacity, int maxBatch) {
        if (capacity < 1 || maxBatch < 1) {
            throw new IllegalArgumentException(
                    "capacity : " + capacity + ", maxBatch : " + maxBatch + " (expected: 1 or more)");
        }
        this.sink = sink;
        this.address = address;
        this.metrics = metrics;
        this.capacity = capacity;
        this.maxBatch = maxBatch;
        this.thread = new Thread(this::run, "skein-cluster-publisher");
        thread.setDaemon(true);
    }

    /**
     * Starts the publisher thread.
     *
     * @param address where {@code sink} publishes, without passwords, for log lines
     * @param capacity how many publishes may wait; more are dropped
     * @param maxBatch the most publishes in one pipeline
     */
    static Publisher start(Sink sink, String address, SkeinMetrics metrics, int capacity, int maxBatch) {
        Publisher publisher = new Publisher(sink, address, metrics, capacity, maxBatch);
        metrics.gauge("skein.cluster.publish.queue", "Cluster publishes waiting for Redis", publisher.queued::get);
        publisher.thread.start();
        return publisher;
    }

    /** Queues a {@code PUBLISH}; never blocks. A dropped or failed one is counted and logged as above. */
    void publish(String channel, byte[] message) {
        offer(new Publish(channel, message, null));
    }

    /**
     * Queues a {@code PUBLISH} for a caller that acts on the outcome; never blocks.
     *
     * @return completes once Redis answered; fails when the publish was dropped or Redis failed it
     */
    CompletionStage<Void> publishTracked(String channel, byte[] message) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        offer(new Publish(channel, message, sent));
        return sent;
    }

    /**
     * Queues {@code command} in order with the publishes; never blocks. Dropped and failed ones are counted
     * and logged as publishes are.
     *
     * @param sent completes once Redis answered (may be null)
     */
    void command(PipelineCommand command, CompletableFuture<Void> sent) {
        offer(new Publish(null, null, sent, command));
    }

    /** How many publishes wait now. */
    int queued() {
        return queued.get();
    }

    /**
     * Stops taking publishes and lets the queued ones go out, for up to 2 seconds. Idempotent. A publish
     * made while this runs may be left unsent (a tracked one then never completes; requests time out).
     */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void offer(Publish publish) {
        if (closed) {
            fail(publish, new IllegalStateException("the node is stopping"));
            return;
        }
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            dropped(publish);
            return;
        }
        queue.offer(publish);
        if (sleeping.get() && sleeping.compareAndSet(true, false)) {
            LockSupport.unpark(thread);
        }
        if (!accepting.get() && accepting.compareAndSet(false, true)) {
            log.info("Cluster publishes to {} are queued again", address);
        }
    }

    /** The publisher thread: take what is queued, up to a pipeline's worth, send it, wait for Redis. */
    private void run() {
        List<Publish> batch = new ArrayList<>(maxBatch);
        while (awaitPublishes()) {
            for (Publish next; batch.size() < maxBatch && (next = queue.poll()) != null; ) {
                batch.add(next);
            }
            queued.addAndGet(-batch.size());
            send(batch);
            batch.clear();
        }
    }

    /** Parks until a publish is queued; false once closed with nothing left to send. */
    private boolean awaitPublishes() {
        while (queue.isEmpty()) {
            if (closed) {
                return false;
            }
            // announce the park before the last look at the queue: a producer either sees the flag or
            // queued before that look
            sleeping.set(true);
            if (queue.isEmpty() && !closed) {
                LockSupport.park(this);
            }
            sleeping.set(false);
        }
        return true;
    }

    private void send(List<Publish> batch) {
        Throwable failure = null;
        try {
            sink.publishAll(batch).toCompletableFuture().get(STUCK_AFTER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            failure = e.getCause();
        } catch (TimeoutException e) {
            failure = new TimeoutException("no answer from Redis within " + STUCK_AFTER.toSeconds() + " s");
        } catch (InterruptedException e) {
            // this thread is ours: an interrupt means stop, once what is queued went out (the flag is not
            // kept, or every park would return at once)
            closed = true;
            failure = e;
        } catch (RuntimeException e) {
            failure = e;
        }
        if (failure == null) {
            sent(batch);
        } else {
            failed(batch, failure);
        }
    }

    private void sent(List<Publish> batch) {
        if (!reaching) {
            reaching = true;
            log.info("Cluster publishes to {} work again", address);
        }
        for (Publish publish : batch) {
            if (publish.sent() != null) {
                publish.sent().complete(null);
            }
        }
    }

    /** Counts each publish; logs the first failure of a run at WARN, and the rest at DEBUG. */
    private void failed(List<Publish> batch, Throwable error) {
        metrics.clusterPublishesFailed(batch.size());
        if (reaching) {
            reaching = false;
            log.warn(
                    "Cluster publishes to {} fail ({}): local clients are still served, other nodes miss this"
                            + " node's broadcasts until Redis answers; failures are counted in"
                            + " skein_cluster_publish_failures_total",
                    address,
                    RedisLink.rootMessage(error));
        } else {
            log.debug("{} cluster publishes to {} failed: {}", batch.size(), address, error.toString());
        }
        batch.forEach(publish -> fail(publish, error));
    }

    /** Counts the drop; logs the first of a run at WARN. */
    private void dropped(Publish publish) {
        metrics.clusterPublishDropped();
        if (accepting.compareAndSet(true, false)) {
            log.warn(
                    "Cluster publishes to {} are dropped: {} already wait for Redis, the most a node queues (Redis"
                            + " is slow or paused, or a burst outran it); other nodes miss these broadcasts; drops are"
                            + " counted in skein_cluster_publishes_dropped_total",
                    address,
                    capacity);
        }
        fail(publish, new IllegalStateException(capacity + " cluster publishes already wait for Redis"));
    }

    private static void fail(Publish publish, Throwable error) {
        if (publish.sent() != null) {
            publish.sent().completeExceptionally(error);
        }
    }
}
