package dev.skein.nettysocketio;

import com.corundumstudio.socketio.store.MemoryStoreFactory;
import com.corundumstudio.socketio.store.RedissonStoreFactory;
import com.corundumstudio.socketio.store.StoreFactory;
import dev.skein.cluster.RedisLink;
import dev.skein.config.ConfigException;
import java.lang.reflect.Field;
import org.redisson.api.RedissonClient;

/**
 * What an application's {@link StoreFactory} means on Skein: a {@link RedissonStoreFactory} (or a subclass) lends its
 * {@link RedissonClient} to Skein's Redis adapter, which speaks the official {@code @socket.io/redis-adapter} format;
 * a {@link MemoryStoreFactory} means a single node. Any other is refused. netty-socketio's own store never starts.
 */
final class ClusterStores {
    private ClusterStores() {}

    /**
     * The cluster link of {@code factory}, or {@code null} for a single node. The Redisson client stays the
     * application's: Skein never shuts it down.
     *
     * @throws ConfigException for a store factory Skein cannot honour (Hazelcast, or one of the application's own)
     */
    static RedisLink link(StoreFactory factory) {
        if (factory == null || factory instanceof MemoryStoreFactory) {
            return null;
        }
        if (factory instanceof RedissonStoreFactory redisson) {
            RedissonClient client = clientOf(redisson);
            return RedisLink.borrow(client, "the application's Redisson client (" + describe(client) + ")");
        }
        throw ConfigException.invalid(
                "Configuration.storeFactory",
                factory.getClass().getName(),
                "a RedissonStoreFactory (Skein's Redis adapter then uses its RedissonClient, in the official"
                        + " @socket.io/redis-adapter format) or a MemoryStoreFactory (a single node)");
    }

    private static RedissonClient clientOf(RedissonStoreFactory factory) {
        try {
            Field field = RedissonStoreFactory.class.getDeclaredField("redisClient");
            field.setAccessible(true);
            return (RedissonClient) field.get(factory);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw ConfigException.invalid(
                    "Configuration.storeFactory",
                    factory.getClass().getName(),
                    "netty-socketio 2.0.x's RedissonStoreFactory, whose RedissonClient Skein reads (" + e + ")");
        }
    }

    private static String describe(RedissonClient client) {
        org.redisson.config.Config config = client.getConfig();
        if (config.isClusterConfig()) {
            return "Redis Cluster";
        }
        if (config.isSentinelConfig()) {
            return "Sentinel";
        }
        return config.isSingleConfig()
                ? withoutCredentials(config.useSingleServer().getAddress())
                : "replicated";
    }

    private static String withoutCredentials(String address) {
        try {
            java.net.URI uri = java.net.URI.create(address);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (RuntimeException e) {
            return "single server";
        }
    }
}
