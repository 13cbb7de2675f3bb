package dev.skein.cluster;

import java.util.function.IntConsumer;

/**
 * Adds up the clients a broadcast with acks reached across the cluster: this node's count, then one
 * count (type 8) from each other node. Reports the total once every node has answered. Thread-safe.
 */
final class BroadcastAckRequest {
    private final IntConsumer totalClientCount;
    private int total;
    private boolean localCounted;
    private int remoteNodes = -1;
    private int remoteCounts;
    private boolean reported;

    BroadcastAckRequest(IntConsumer totalClientCount) {
        this.totalClientCount = totalClientCount;
    }

    synchronized void localCount(int clients) {
        total += clients;
        localCounted = true;
        reportIfComplete();
    }

    /** How many other nodes will answer (the request channel's subscribers, minus this node). */
    synchronized void expectRemoteNodes(int nodes) {
        remoteNodes = Math.max(0, nodes);
        reportIfComplete();
    }

    synchronized void remoteCount(int clients) {
        total += clients;
        remoteCounts++;
        reportIfComplete();
    }

    private void reportIfComplete() {
        if (!reported && localCounted && remoteNodes >= 0 && remoteCounts >= remoteNodes) {
            reported = true;
            totalClientCount.accept(total);
        }
    }
}
