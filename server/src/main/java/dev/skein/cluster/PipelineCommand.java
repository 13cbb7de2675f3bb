package dev.skein.cluster;

import org.redisson.api.RBatch;

/**
 * A Redis command other than {@code PUBLISH} that goes out in a node's pipeline, in order with its publishes
 * ({@link RedisCluster#pipeline}): connection state recovery's stream entries and sessions.
 */
@FunctionalInterface
public interface PipelineCommand {
    /** Adds the command to {@code pipeline}; runs on {@code skein-cluster-publisher}, must not block. */
    void addTo(RBatch pipeline);
}
