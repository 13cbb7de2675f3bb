package dev.skein.push;

import dev.skein.cluster.RedisCluster;
import dev.skein.metrics.SkeinMetrics;
import dev.skein.socket.BroadcastOperator;
import dev.skein.socket.Namespace;
import dev.skein.socket.Namespaces;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON push channel of one node: each {@link PushMessage} published on it is delivered to this node's
 * matching clients (every node takes it once, for its own clients; nothing is re-published). A message
 * that is not valid is dropped with one WARN line naming the problem, never the payload. Each message is
 * counted in {@code skein_push_messages_total{channel, outcome}}. Thread-safe.
 */
public final class JsonPushChannel {
    private static final Logger log = LoggerFactory.getLogger(JsonPushChannel.class);

    /** A valid message, delivered to whatever local clients it selects (perhaps none). */
    static final String ACCEPTED = "accepted";

    /** A message dropped as invalid. */
    static final String REJECTED = "rejected";

    private final String channel;
    private final Namespaces namespaces;
    private final SkeinMetrics metrics;
    private final int maxBytes;

    private JsonPushChannel(String channel, Namespaces namespaces, SkeinMetrics metrics, int maxBytes) {
        this.channel = channel;
        this.namespaces = namespaces;
        this.metrics = metrics;
        this.maxBytes = maxBytes;
    }

    /**
     * Subscribes this node to {@code channel} of the cluster's Redis.
     *
     * @param maxBytes the largest message accepted (the node's payload limit)
     */
    public static JsonPushChannel subscribe(
            RedisCluster cluster, String channel, Namespaces namespaces, SkeinMetrics metrics, int maxBytes) {
        JsonPushChannel push = new JsonPushChannel(channel, namespaces, metrics, maxBytes);
        cluster.subscribe(channel, push::onMessage);
        log.info("Delivering pushes published on Redis channel {} (JSON, see docs/push.md)", channel);
        return push;
    }

    void onMessage(byte[] bytes) {
        PushMessage message;
        try {
            message = PushMessage.parse(bytes, maxBytes);
        } catch (PushRejectedException e) {
            metrics.pushReceived(channel, REJECTED);
            log.warn("Dropped a push on {} ({} bytes): {}", channel, bytes.length, e.getMessage());
            return;
        }
        metrics.pushReceived(channel, ACCEPTED);
        Optional<Namespace> namespace = namespaces.find(message.nsp());
        if (namespace.isEmpty()) {
            return;
        }
        BroadcastOperator target = namespace
                .get()
                .to(message.rooms().toArray(String[]::new))
                .except(message.except().toArray(String[]::new))
                .local();
        if (message.isVolatile()) {
            target = target.asVolatile();
        }
        target.emit(message.event(), message.args().toArray());
    }
}
