package dev.skein.recovery;

import dev.skein.adapter.Adapter;
import dev.skein.cluster.RedisCluster;
import dev.skein.config.RecoveryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connection state recovery for a node: makes each namespace's {@link NamespaceRecovery}, in memory on a node
 * alone, over Redis in a cluster (whose node must have joined with recovery on: {@link RedisCluster#recovering()}).
 * Thread-safe.
 */
public final class Recovery implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Recovery.class);
    /** The shortest and longest time between two refreshes of connected sessions' expiry in Redis. */
    private static final long MIN_REFRESH_MILLIS = 1_000;

    private static final long MAX_REFRESH_MILLIS = 30_000;

    private final RecoveryConfig config;
    private final RedisCluster cluster;
    private final RecoveryMetrics metrics;
    private final Clock clock;
    private final long refreshMillis;
    private final List<NamespaceRecovery> namespaces = new CopyOnWriteArrayList<>();

    private Recovery(RecoveryConfig config, RedisCluster cluster, MeterRegistry registry, Clock clock) {
        this.config = config;
        this.cluster = cluster;
        this.metrics = new RecoveryMetrics(registry);
        this.clock = clock;
        this.refreshMillis = Math.max(
                MIN_REFRESH_MILLIS,
                Math.min(MAX_REFRESH_MILLIS, config.maxDisconnection().toMillis() / 4));
        if (cluster == null) {
            metrics.gauge("skein.recovery.sessions", "disconnected sessions kept in memory", () -> sum(true));
            metrics.gauge("skein.recovery.history.packets", "recoverable packets kept in memory", () -> sum(false));
        } else {
            cluster.every(Duration.ofMillis(refreshMillis), this::refresh);
        }
    }

    /**
     * Recovery as {@code config} says, or {@code null} when it is off.
     *
     * @param cluster the node's cluster, or {@code null} for a node alone
     * @throws IllegalArgumentException if {@code cluster} did not join with recovery on
     */
    public static Recovery create(RecoveryConfig config, RedisCluster cluster, MeterRegistry registry, Clock clock) {
        if (!config.enabled()) {
            return null;
        }
        if (cluster != null && !cluster.recovering()) {
            throw new IllegalArgumentException("the cluster node " + cluster.uid() + " joined without recovery");
        }
        Recovery recovery = new Recovery(config, cluster, registry, clock);
        log.info(
                "Connection state recovery on: sessions kept {} ms, {} packets per namespace {}; middleware {} on"
                        + " recovery",
                config.maxDisconnection().toMillis(),
                config.maxPackets(),
                cluster == null
                        ? "in memory"
                        : "in a Redis stream, sessions written through and refreshed every " + recovery.refreshMillis
                                + " ms",
                config.skipMiddlewares() ? "skipped" : "run");
        return recovery;
    }

    /** The recovery of namespace {@code name}, whose adapter is {@code adapter}. */
    public NamespaceRecovery forNamespace(String name, Adapter adapter) {
        long maxDisconnection = config.maxDisconnection().toMillis();
        NamespaceRecovery recovery = cluster == null
                ? new MemoryRecovery(adapter, maxDisconnection, config.maxPackets(), metrics, clock)
                : new RedisRecovery(
                        name, adapter, cluster, maxDisconnection, refreshMillis, config.maxPackets(), metrics, clock);
        namespaces.add(recovery);
        return recovery;
    }

    /** Whether a recovered socket skips the connect middleware and guards. */
    public boolean skipMiddlewares() {
        return config.skipMiddlewares();
    }

    private void refresh() {
        for (NamespaceRecovery recovery : namespaces) {
            if (recovery instanceof RedisRecovery redis) {
                redis.refresh();
            }
        }
    }

    private int sum(boolean sessions) {
        int sum = 0;
        for (NamespaceRecovery recovery : namespaces) {
            if (recovery instanceof MemoryRecovery memory) {
                sum += sessions ? memory.sessionCount() : memory.historySize();
            }
        }
        return sum;
    }

    @Override
    public void close() {
        namespaces.forEach(NamespaceRecovery::close);
    }
}
