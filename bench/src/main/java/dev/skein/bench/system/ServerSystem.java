package dev.skein.bench.system;

import java.nio.file.Path;

/** A Socket.IO server the benchmark runs: Skein, or the official Node.js server. */
public interface ServerSystem {
    /** Its name in the report. */
    String name();

    /** Its version line for the report (JDK or Node). */
    String version();

    /**
     * Starts {@code nodes} nodes with the demo application's handlers and the default ping settings,
     * clustered over {@code redis} when it is not null; returns once each node accepts clients.
     */
    Cluster start(int nodes, RedisProcess redis, Path logDir);

    /** The live heap of {@code node} after a full collection, in bytes. */
    long liveHeapBytes(RunningNode node);

    /** The most heap {@code node} may grow to, in bytes. */
    long heapLimitBytes(RunningNode node);
}
