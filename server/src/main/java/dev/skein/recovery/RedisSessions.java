package dev.skein.recovery;

import dev.skein.cluster.PipelineCommand;
import dev.skein.cluster.RedisCluster;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.redisson.api.RScript;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * Sessions of one namespace in Redis: one hash per private id, {@code <prefix>-session#<nsp>#<pid>}, with
 * {@code s} the {@link SessionRecord} and {@code g} its generation. A restore claims a session atomically (a
 * Lua script: it takes {@code s}, leaves a tombstone of generation {@code g + 1}), so a session is restored at
 * most once; the socket restored from it writes with that generation, and a write of a lower one (a late
 * close of the connection that restore took over) changes nothing. Every key expires.
 */
final class RedisSessions {
    /** Takes the session: answers {@code [generation, record]} and leaves a tombstone, or nil. */
    private static final String CLAIM = """
            local s = redis.call('HGET', KEYS[1], 's')
            if not s then return nil end
            local g = (tonumber(redis.call('HGET', KEYS[1], 'g')) or 0) + 1
            redis.call('HSET', KEYS[1], 'g', g)
            redis.call('HDEL', KEYS[1], 's')
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            return {tostring(g), s}
            """;
    /** Writes the session unless a later generation holds the key: 1 written, 0 not. */
    private static final String WRITE = """
            local g = tonumber(redis.call('HGET', KEYS[1], 'g'))
            if g and g > tonumber(ARGV[1]) then return 0 end
            redis.call('HSET', KEYS[1], 'g', ARGV[1], 's', ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1
            """;
    /** Forgets the session unless a later generation holds the key, leaving a tombstone: 1 done, 0 not. */
    private static final String FORGET = """
            local g = tonumber(redis.call('HGET', KEYS[1], 'g'))
            if g and g > tonumber(ARGV[1]) then return 0 end
            redis.call('HSET', KEYS[1], 'g', ARGV[1])
            redis.call('HDEL', KEYS[1], 's')
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1
            """;

    /**
     * Puts back a session claimed with {@code generation} that could not be restored (an offset it cannot
     * serve), unless something wrote the key since: 1 put back, 0 not.
     */
    private static final String UNCLAIM = """
            local g = tonumber(redis.call('HGET', KEYS[1], 'g'))
            if g ~= tonumber(ARGV[1]) or redis.call('HEXISTS', KEYS[1], 's') == 1 then return 0 end
            redis.call('HSET', KEYS[1], 'g', tonumber(ARGV[1]) - 1, 's', ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1
            """;

    /** A claimed session: the generation its new socket writes with, and the record. */
    record Claimed(long generation, byte[] record) {}

    private final RedisCluster cluster;
    private final String keyPrefix;

    RedisSessions(RedisCluster cluster, String namespace) {
        this.cluster = cluster;
        this.keyPrefix = cluster.prefix() + "-session#" + namespace + "#";
    }

    String key(String pid) {
        return keyPrefix + pid;
    }

    /** Claims the session of {@code pid}; completes with {@code null} when there is none. */
    CompletionStage<Claimed> claim(String pid, long tombstoneMillis) {
        RScript script = cluster.redisson().getScript(ByteArrayCodec.INSTANCE);
        CompletionStage<List<Object>> answer = script.evalAsync(
                RScript.Mode.READ_WRITE, CLAIM, RScript.ReturnType.LIST, List.of(key(pid)), bytes(tombstoneMillis));
        return answer.thenApply(found -> {
            if (found == null || found.size() != 2) {
                return null;
            }
            long generation = Long.parseLong(new String((byte[]) found.get(0), StandardCharsets.UTF_8));
            return new Claimed(generation, (byte[]) found.get(1));
        });
    }

    /** Writes {@code record} (asked for when the command goes out) with {@code generation}, expiring after {@code ttlMillis}. */
    PipelineCommand write(String pid, long generation, Supplier<byte[]> record, long ttlMillis) {
        return pipeline -> {
            byte[] value = record.get();
            if (value != null) {
                pipeline.getScript(ByteArrayCodec.INSTANCE)
                        .evalAsync(
                                RScript.Mode.READ_WRITE,
                                WRITE,
                                RScript.ReturnType.LONG,
                                List.of(key(pid)),
                                bytes(generation),
                                value,
                                bytes(ttlMillis));
            }
        };
    }

    /** Forgets the session of {@code pid} unless a later generation holds it. */
    PipelineCommand forget(String pid, long generation, long tombstoneMillis) {
        return pipeline -> pipeline.getScript(ByteArrayCodec.INSTANCE)
                .evalAsync(
                        RScript.Mode.READ_WRITE,
                        FORGET,
                        RScript.ReturnType.LONG,
                        List.of(key(pid)),
                        bytes(generation),
                        bytes(tombstoneMillis));
    }

    /** Puts back a claimed session that was not restored (see {@code UNCLAIM}). */
    CompletionStage<Long> unclaim(String pid, Claimed claimed, long ttlMillis) {
        return cluster.redisson()
                .getScript(ByteArrayCodec.INSTANCE)
                .evalAsync(
                        RScript.Mode.READ_WRITE,
                        UNCLAIM,
                        RScript.ReturnType.LONG,
                        List.of(key(pid)),
                        bytes(claimed.generation()),
                        claimed.record(),
                        bytes(Math.max(1, ttlMillis)));
    }

    /** Pushes back the expiry of the sessions of {@code pids}, connected sockets' (written through). */
    PipelineCommand refresh(List<String> pids, long ttlMillis) {
        return pipeline -> {
            for (String pid : pids) {
                pipeline.getBucket(key(pid), ByteArrayCodec.INSTANCE)
                        .expireAsync(java.time.Duration.ofMillis(ttlMillis));
            }
        };
    }

    private static byte[] bytes(long value) {
        return Long.toString(value).getBytes(StandardCharsets.UTF_8);
    }
}
