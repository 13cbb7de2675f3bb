package dev.skein.bench.soak;

import java.util.List;

/**
 * Everything the soak reads at one moment.
 *
 * @param minutes since the load started
 * @param nodes each node's figures, in node order
 * @param redis Redis's figures
 * @param load the clients' side
 */
record Sample(double minutes, List<NodeProbe.NodeSample> nodes, RedisSample redis, Churn.LoadSample load) {
    Sample {
        nodes = List.copyOf(nodes);
    }

    /**
     * Redis at one moment.
     *
     * @param keys {@code DBSIZE}
     * @param usedMemory {@code used_memory} of {@code INFO memory}, bytes
     * @param rssBytes the {@code redis-server} process's RSS
     * @param clients {@code connected_clients}
     * @param channels {@code PUBSUB CHANNELS} count
     * @param patterns {@code PUBSUB NUMPAT}
     */
    record RedisSample(long keys, long usedMemory, long rssBytes, long clients, long channels, long patterns) {}
}
