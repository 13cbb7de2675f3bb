package dev.skein.bench.scenario;

import dev.skein.bench.system.Cluster;
import dev.skein.bench.system.CpuMeter;
import dev.skein.bench.system.ProcStat;
import dev.skein.bench.system.RedisProcess;
import dev.skein.bench.system.ServerSystem;
import java.util.List;

/**
 * A system's nodes for one scenario variant, clustered over a fresh {@code redis-server} when there are
 * several, with meters on the servers', Redis's and the load generator's own CPU.
 */
final class Rig implements AutoCloseable {
    private static final long SELF = ProcessHandle.current().pid();

    private final RedisProcess redis;
    private final Cluster cluster;

    private Rig(RedisProcess redis, Cluster cluster) {
        this.redis = redis;
        this.cluster = cluster;
    }

    static Rig start(ServerSystem system, int nodes, BenchContext context) {
        return start(system, nodes, nodes > 1, context);
    }

    static Rig start(ServerSystem system, int nodes, boolean withRedis, BenchContext context) {
        RedisProcess redis = withRedis ? RedisProcess.start(context.logDir()) : null;
        try {
            return new Rig(redis, system.start(nodes, redis, context.logDir()));
        } catch (RuntimeException e) {
            if (redis != null) {
                redis.close();
            }
            throw e;
        }
    }

    Cluster cluster() {
        return cluster;
    }

    RedisProcess redis() {
        return redis;
    }

    /** Meters started now: the server nodes, Redis (none without it) and this process. */
    Meters meters() {
        return new Meters(
                new CpuMeter(cluster.serverPids()),
                new CpuMeter(redis == null ? List.of() : List.of(redis.pid())),
                new CpuMeter(List.of(SELF)));
    }

    record Meters(CpuMeter servers, CpuMeter redis, CpuMeter generator) {
        void restart() {
            servers.start();
            redis.start();
            generator.start();
        }
    }

    static long selfCpuNanos() {
        return ProcStat.cpuNanos(SELF);
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }
}
