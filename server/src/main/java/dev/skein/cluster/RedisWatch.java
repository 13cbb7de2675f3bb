package dev.skein.cluster;

import dev.skein.metrics.SkeinMetrics;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the cluster's Redis answers, asked once a second with a {@code PING} on a thread of its own
 * ({@code skein-cluster-watch}), so that readiness and metrics read a flag instead of waiting on Redis. A
 * killed Redis (connection refused) and a paused one ({@code SIGSTOP}: no answer within a second) both read
 * as down. One log line per change (WARN when Redis stops answering, INFO when it answers again, with how
 * long it was away); {@code skein_cluster_redis_up} is 1 or 0 and {@code skein_cluster_redis_outages_total}
 * counts the changes to down, so that a short outage between two scrapes still shows. Thread-safe.
 */
final class RedisWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisWatch.class);

    /** How often Redis is asked, and how long an answer may take before Redis counts as down. */
    static final Duration PERIOD = Duration.ofSeconds(1);

    private final Predicate<Duration> ping;
    private final String address;
    private final Counter outages;
    private final ScheduledExecutorService thread;
    private volatile boolean up = true;
    /** When the current outage began ({@code System.nanoTime()}); watch thread only. */
    private long downSince;

    private RedisWatch(Predicate<Duration> ping, String address, SkeinMetrics metrics) {
        this.ping = ping;
        this.address = address;
        this.outages = Counter.builder("skein.cluster.redis.outages")
                .description("times the cluster's Redis stopped answering (killed, paused, unreachable)")
                .register(metrics.registry());
        metrics.gauge(
                "skein.cluster.redis.up",
                "1 while the cluster's Redis answers a PING within 1 s, else 0",
                () -> up ? 1 : 0);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "skein-cluster-watch");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts watching: {@code ping} answers whether Redis replied within the given time (it may block that
     * long, on the watch thread only). Redis counts as up until a first ping fails.
     *
     * @param address where Redis is, without passwords, for log lines
     */
    static RedisWatch start(Predicate<Duration> ping, String address, SkeinMetrics metrics) {
        RedisWatch watch = unstarted(ping, address, metrics);
        watch.thread.scheduleWithFixedDelay(watch::check, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        return watch;
    }

    /** A watch that pings only when {@link #check()} is called (for tests). */
    static RedisWatch unstarted(Predicate<Duration> ping, String address, SkeinMetrics metrics) {
        return new RedisWatch(ping, address, metrics);
    }

    /** Whether Redis answered the last ping (at most about two seconds ago). */
    boolean isUp() {
        return up;
    }

    /** Asks Redis once and records a change; runs on the watch thread (and in tests). */
    void check() {
        boolean answered;
        try {
            answered = ping.test(PERIOD);
        } catch (RuntimeException e) {
            answered = false;
        }
        if (answered == up) {
            return;
        }
        up = answered;
        if (answered) {
            log.info(
                    "Redis at {} answers again after {} ms: broadcasts cross between nodes again",
                    address,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - downSince));
        } else {
            downSince = System.nanoTime();
            outages.increment();
            log.warn(
                    "Redis at {} does not answer within {} ms: this node keeps serving its own clients (readiness"
                            + " stays 200 and says \"redis\":\"down\"), broadcasts do not cross between nodes until it"
                            + " answers",
                    address,
                    PERIOD.toMillis());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
