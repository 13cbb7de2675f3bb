package dev.skein.cluster;

import dev.skein.internal.SkeinException;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.redisson.Redisson;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.Config;
import org.redisson.config.EqualJitterDelay;

/**
 * A node's connection to the cluster's Redis, through Redisson: pipelines of publishes of raw bytes,
 * subscriptions to channels and patterns that Redisson restores by itself after an outage. Never blocks
 * a caller on Redis. Thread-safe.
 */
public final class RedisLink implements AutoCloseable {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /**
     * The longest wait between two reconnection attempts after Redis went away. Redisson's default backs off
     * to 10 s, so a cluster healed up to 10 s after Redis returned (5 s after an outage of 5 s, measured in
     * {@code RedisFaultsIT}); one attempt a second per connection costs Redis nothing.
     */
    private static final Duration MAX_RECONNECTION_DELAY = Duration.ofSeconds(1);

    private static final BatchOptions PIPELINE = BatchOptions.defaults()
            .executionMode(BatchOptions.ExecutionMode.IN_MEMORY)
            .retryAttempts(0);

    private final RedissonClient client;
    private final String address;
    private final RedisNodes<?> topology;
    /** Whether {@link #close()} shuts the client down: only a client this link created. */
    private final boolean owned;

    private RedisLink(RedissonClient client, String address, RedisNodes<?> topology, boolean owned) {
        this.client = client;
        this.address = address;
        this.topology = topology;
        this.owned = owned;
    }

    /**
     * A link over an application's own Redisson client (any codec: every publish and subscription here names
     * its own). {@link #close()} leaves the client running: its owner shuts it down.
     *
     * @param address where Redis is, without passwords, for logs
     */
    public static RedisLink borrow(RedissonClient client, String address) {
        java.util.Objects.requireNonNull(client, "client");
        SubscriptionSafeConfig.warnIfPinging(client.getConfig(), "The Redisson client of " + address);
        return new RedisLink(client, address, topologyOf(client.getConfig()), false);
    }

    /**
     * Connects to {@code url} ({@code redis://[[user]:password@]host[:port]} or {@code rediss://...}).
     *
     * @throws SkeinException if Redis cannot be reached (the message names the URL without its password)
     */
    public static RedisLink connect(URI url, String clientName) {
        Config config = new Config();
        config.setCodec(ByteArrayCodec.INSTANCE);
        config.useSingleServer()
                .setAddress(url.getScheme() + "://" + url.getHost() + ":" + (url.getPort() < 0 ? 6379 : url.getPort()))
                .setClientName(clientName)
                .setConnectTimeout((int) CONNECT_TIMEOUT.toMillis())
                .setTimeout((int) COMMAND_TIMEOUT.toMillis())
                .setRetryAttempts(0)
                .setReconnectionDelay(new EqualJitterDelay(Duration.ofMillis(100), MAX_RECONNECTION_DELAY));
        applyCredentials(url, config);
        return create(SubscriptionSafeConfig.of(config, null), redacted(url));
    }

    /**
     * Connects as the Redisson YAML file {@code file} says (single server, Sentinel, Cluster, replicated;
     * TLS, pools, credentials); the codec is always raw bytes.
     *
     * @throws SkeinException if the file is not a Redisson configuration or Redis cannot be reached
     */
    public static RedisLink connect(Path file, String clientName) {
        Config config;
        try {
            config = Config.fromYAML(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new SkeinException("Unable to read the Redisson configuration " + file + ": " + rootMessage(e), e);
        }
        config.setCodec(ByteArrayCodec.INSTANCE);
        return create(SubscriptionSafeConfig.of(config, file.toString()), "the Redis of " + file);
    }

    private static RedisNodes<?> topologyOf(Config config) {
        return config.isClusterConfig()
                ? RedisNodes.CLUSTER
                : config.isSentinelConfig()
                        ? RedisNodes.SENTINEL_MASTER_SLAVE
                        : config.isSingleConfig() ? RedisNodes.SINGLE : RedisNodes.MASTER_SLAVE;
    }

    private static RedisLink create(Config config, String address) {
        RedisNodes<?> topology = topologyOf(config);
        try {
            return new RedisLink(Redisson.create(config), address, topology, true);
        } catch (RuntimeException e) {
            throw new SkeinException("Unable to connect to " + address + ": " + rootMessage(e), e);
        }
    }

    /** Where Redis is, without passwords, for logs. */
    public String address() {
        return address;
    }

    /**
     * Publishes {@code batch} as one pipeline, in its order: a Redisson batch in memory (no {@code MULTI}),
     * written at once on one connection. Completes once Redis answered every {@code PUBLISH}; fails for all
     * when Redis refuses them or does not answer within the command timeout. Not retried.
     */
    CompletionStage<Void> publishAll(List<Publisher.Publish> batch) {
        RBatch pipeline = client.createBatch(PIPELINE);
        for (Publisher.Publish publish : batch) {
            if (publish.command() != null) {
                publish.command().addTo(pipeline);
            } else {
                pipeline.getTopic(publish.channel(), ByteArrayCodec.INSTANCE).publishAsync(publish.message());
            }
        }
        return pipeline.executeAsync().thenApply(result -> null);
    }

    /**
     * The Redisson client, for what is neither a publish nor a subscription (connection state recovery's
     * stream reads and session claims); its codec is raw bytes. Never call its blocking methods on an event loop.
     */
    public RedissonClient redisson() {
        return client;
    }

    /** Subscribes to {@code channel}; {@code listener} runs on a Redisson thread. */
    public CompletionStage<Integer> subscribe(String channel, Consumer<byte[]> listener) {
        return client.getTopic(channel, ByteArrayCodec.INSTANCE)
                .addListenerAsync(byte[].class, (name, message) -> listener.accept(message));
    }

    /** Subscribes to {@code pattern}; {@code listener} gets the channel and the message. */
    public CompletionStage<Integer> psubscribe(String pattern, BiConsumer<String, byte[]> listener) {
        return client.getPatternTopic(pattern, ByteArrayCodec.INSTANCE)
                .addListenerAsync(byte[].class, (p, channel, message) -> listener.accept(channel.toString(), message));
    }

    /** {@code PUBSUB NUMSUB channel}: how many subscriptions the channel has (one per node). */
    public CompletionStage<Long> subscribers(String channel) {
        return client.getTopic(channel, ByteArrayCodec.INSTANCE).countSubscribersAsync();
    }

    /** Whether Redis answers right now; waits at most {@code within}. */
    public boolean isReachable(Duration within) {
        try {
            return client.getRedisNodes(topology).pingAll(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Shuts the Redisson client down if this link created it ({@link #borrow}ed ones are left running). */
    @Override
    public void close() {
        if (owned && !client.isShuttingDown()) {
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    /** {@code user:password@} or {@code :password@} (or a bare {@code password@}); empty parts are left unset. */
    private static void applyCredentials(URI url, Config config) {
        String userInfo = url.getRawUserInfo();
        if (userInfo == null || userInfo.isEmpty()) {
            return;
        }
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? "" : decode(userInfo.substring(0, colon));
        String password = decode(colon < 0 ? userInfo : userInfo.substring(colon + 1));
        if (!user.isEmpty()) {
            config.setUsername(user);
        }
        if (!password.isEmpty()) {
            config.setPassword(password);
        }
    }

    /** The innermost cause of {@code e} (Redisson wraps Netty's errors in its own). */
    static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /**
     * The message of {@code e}'s root cause (its type when it has none), for one-line log messages; a Redisson
     * timeout, whose message is a paragraph of advice, reads {@code no answer within 3000 ms}.
     */
    public static String rootMessage(Throwable e) {
        Throwable root = rootCause(e);
        if (root instanceof RedisTimeoutException) {
            return "no answer within " + COMMAND_TIMEOUT.toMillis() + " ms";
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }

    static String redacted(URI url) {
        String userInfo = url.getUserInfo();
        boolean secret = userInfo != null && !userInfo.isEmpty() && !":".equals(userInfo);
        return url.getScheme() + "://" + (secret ? "***@" : "") + url.getHost()
                + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }
}
