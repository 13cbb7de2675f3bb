package dev.skein.bench.system;

import dev.skein.bench.load.Endpoint;
import java.util.ArrayList;
import java.util.List;

/** The nodes of one system under test, started together (and their Redis, when clustered). */
public final class Cluster implements AutoCloseable {
    private final ServerSystem system;
    private final List<RunningNode> nodes;
    private final RedisProcess redis;

    Cluster(ServerSystem system, List<RunningNode> nodes, RedisProcess redis) {
        this.system = system;
        this.nodes = List.copyOf(nodes);
        this.redis = redis;
    }

    /**
     * Starts nodes {@code 1..count} with {@code startNode} (given the node number), then waits for each with
     * {@code awaitReady}; if any fails, the ones already started are stopped.
     */
    static Cluster start(
            ServerSystem system,
            int count,
            RedisProcess redis,
            java.util.function.IntFunction<RunningNode> startNode,
            java.util.function.Consumer<RunningNode> awaitReady) {
        List<RunningNode> started = new ArrayList<>();
        try {
            for (int i = 1; i <= count; i++) {
                started.add(startNode.apply(i));
            }
            started.forEach(awaitReady);
            return new Cluster(system, started, redis);
        } catch (RuntimeException e) {
            started.forEach(n -> n.process().close());
            throw e;
        }
    }

    public ServerSystem system() {
        return system;
    }

    public List<RunningNode> nodes() {
        return nodes;
    }

    public RunningNode node(int index) {
        return nodes.get(index);
    }

    /** Node {@code index % size}'s endpoint: how scenarios spread clients over the nodes. */
    public Endpoint endpoint(int index) {
        return nodes.get(Math.floorMod(index, nodes.size())).endpoint();
    }

    /** The pids of the server nodes (not Redis). */
    public List<Long> serverPids() {
        return nodes.stream().map(RunningNode::pid).toList();
    }

    /** Redis's pid, or -1 when the nodes run standalone. */
    public long redisPid() {
        return redis == null ? -1 : redis.pid();
    }

    /** True while every node still runs. */
    public boolean alive() {
        return nodes.stream().allMatch(n -> n.process().isAlive());
    }

    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (RunningNode node : nodes) {
            try {
                node.process().close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }
}
