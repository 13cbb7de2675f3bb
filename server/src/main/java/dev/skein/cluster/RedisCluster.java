package dev.skein.cluster;

import dev.skein.adapter.Adapter;
import dev.skein.adapter.AdapterFactory;
import dev.skein.adapter.LocalSockets;
import dev.skein.metrics.SkeinMetrics;
import dev.skein.wire.ClusterChannels;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's membership of a Redis cluster: its uid, its {@link RedisLink}, its {@link Publisher} and a
 * {@link RedisAdapter} for each namespace. Publishes are queued and pipelined by the publisher, never
 * waited for; a failed or dropped one is counted and local delivery goes on. Thread-safe.
 */
public final class RedisCluster implements AdapterFactory, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisCluster.class);
    private static final String UID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How long a request to the other nodes waits for their answers, like the official adapter. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final RedisLink link;
    private final String uid;
    private final ClusterChannels channels;
    private final SkeinMetrics metrics;
    private final Duration requestTimeout;
    private final java.util.concurrent.ScheduledThreadPoolExecutor timers;
    private final Publisher publisher;
    private final RedisWatch watch;
    /** Whether this node keeps connection state recovery's stream: see {@link #RECOVERING_UID_SUFFIX}. */
    private final boolean recovering;

    /**
     * Ends the uid of a node with connection state recovery on. Its recoverable broadcasts reach the other
     * recovering nodes through its namespace's Redis stream, in the stream's order, and also go out as the
     * classic message for the nodes that do not read the stream (Node.js nodes, Skein nodes with recovery
     * off); a recovering node skips that copy. The official adapter's uids (6 letters and digits) never
     * contain {@code ~}.
     */
    public static final String RECOVERING_UID_SUFFIX = "~r";

    private RedisCluster(
            RedisLink link,
            String uid,
            ClusterChannels channels,
            SkeinMetrics metrics,
            Duration timeout,
            boolean recovering) {
        this.recovering = recovering;
        this.link = link;
        this.publisher = Publisher.start(
                link::publishAll, link.address(), metrics, Publisher.DEFAULT_CAPACITY, Publisher.DEFAULT_MAX_BATCH);
        this.watch = RedisWatch.start(link::isReachable, link.address(), metrics);
        this.uid = uid;
        this.channels = channels;
        this.metrics = metrics;
        this.requestTimeout = timeout;
        this.timers = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "skein-cluster-timer");
            thread.setDaemon(true);
            return thread;
        });
        timers.setRemoveOnCancelPolicy(true);
    }

    /** Runs {@code task} once after {@code delay} (request timeouts), on {@code skein-cluster-timer}. */
    public void after(Duration delay, Runnable task) {
        timers.schedule(task, delay.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Runs {@code task} every {@code period} on {@code skein-cluster-timer} until the node stops; must not block. */
    public void every(Duration period, Runnable task) {
        long nanos = period.toNanos();
        timers.scheduleWithFixedDelay(task, nanos, nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Joins the cluster of {@code link}'s Redis with a fresh uid, the default channel prefix and timeout. */
    public static RedisCluster join(RedisLink link, SkeinMetrics metrics) {
        return join(link, ClusterChannels.defaults(), DEFAULT_REQUEST_TIMEOUT, metrics);
    }

    /**
     * Joins the cluster of {@code link}'s Redis with a fresh uid.
     *
     * @param requestTimeout how long a request to the other nodes waits for their answers
     */
    public static RedisCluster join(
            RedisLink link, ClusterChannels channels, Duration requestTimeout, SkeinMetrics metrics) {
        return join(link, channels, requestTimeout, metrics, false);
    }

    /**
     * Joins the cluster of {@code link}'s Redis with a fresh uid; {@code recovering}: this node keeps connection
     * state recovery's streams (its uid then ends with {@link #RECOVERING_UID_SUFFIX}).
     */
    public static RedisCluster join(
            RedisLink link,
            ClusterChannels channels,
            Duration requestTimeout,
            SkeinMetrics metrics,
            boolean recovering) {
        String uid = recovering ? newUid() + RECOVERING_UID_SUFFIX : newUid();
        RedisCluster cluster = new RedisCluster(link, uid, channels, metrics, requestTimeout, recovering);
        log.info(
                "Joined the cluster on {} as uid {} (channels {}#..., requests time out after {} ms)",
                link.address(),
                cluster.uid,
                channels.prefix(),
                requestTimeout.toMillis());
        return cluster;
    }

    @Override
    public Adapter create(LocalSockets sockets) {
        return new RedisAdapter(sockets, this);
    }

    public String uid() {
        return uid;
    }

    /** Whether this node keeps connection state recovery's streams. */
    public boolean recovering() {
        return recovering;
    }

    /** Whether a message from {@code uid} comes from a node that keeps connection state recovery's streams. */
    static boolean recoveringUid(String uid) {
        return uid != null && uid.endsWith(RECOVERING_UID_SUFFIX);
    }

    /** The channel prefix, also the prefix of connection state recovery's keys. */
    public String prefix() {
        return channels.prefix();
    }

    /** The Redisson client (raw bytes): never call its blocking methods on an event loop. */
    public org.redisson.api.RedissonClient redisson() {
        return link.redisson();
    }

    /**
     * Queues {@code command} in this node's pipeline, in order with its publishes (never blocks); {@code sent}
     * (may be null) completes once Redis answered, or fails when it was dropped or failed.
     */
    public void pipeline(PipelineCommand command, java.util.concurrent.CompletableFuture<Void> sent) {
        publisher.command(command, sent);
    }

    /** The Redis URL without its password. */
    public String address() {
        return link.address();
    }

    ClusterChannels channels() {
        return channels;
    }

    RedisLink link() {
        return link;
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    SkeinMetrics metrics() {
        return metrics;
    }

    /** Queues a publish (never blocks); a failed or dropped one is counted and logged by the publisher. */
    void publish(String channel, byte[] message) {
        publisher.publish(channel, message);
    }

    /**
     * Queues a publish for a caller that acts on the outcome (never blocks).
     *
     * @return completes once Redis answered; fails when the publish was dropped or failed
     */
    CompletionStage<Void> publishTracked(String channel, byte[] message) {
        return publisher.publishTracked(channel, message);
    }

    /**
     * Subscribes to {@code channel} of the cluster's Redis (restored by itself after an outage);
     * {@code listener} runs on a Redisson thread and must not block.
     */
    public CompletionStage<Integer> subscribe(String channel, java.util.function.Consumer<byte[]> listener) {
        return link.subscribe(channel, listener);
    }

    /**
     * Whether Redis answered its last {@code PING} (asked every second by {@code skein-cluster-watch}, so at
     * most about two seconds old); never waits.
     */
    public boolean isRedisUp() {
        return watch.isUp();
    }

    /** A new request id, like the official adapter's. */
    static String newRequestId() {
        return randomId(6);
    }

    /** Lets the queued publishes go out (up to 2 s), then leaves Redis. */
    @Override
    public void close() {
        watch.close();
        timers.shutdownNow();
        publisher.close();
        link.close();
    }

    private static String newUid() {
        return randomId(6);
    }

    private static String randomId(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(UID_ALPHABET.charAt(RANDOM.nextInt(UID_ALPHABET.length())));
        }
        return id.toString();
    }
}
