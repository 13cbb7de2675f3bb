package dev.skein.emitter;

import dev.skein.wire.BroadcastMessage;
import dev.skein.wire.ClusterChannels;
import dev.skein.wire.ClusterMessage;
import dev.skein.wire.ClusterMessages;
import dev.skein.wire.ReservedEvents;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * Emits to the clients of a Socket.IO cluster from outside it, like the official {@code
 * @socket.io/redis-emitter}, byte for byte:
 *
 * <pre>{@code
 * SkeinEmitter emitter = SkeinEmitter.create(redisson);
 * emitter.of("/chat").to("room").except("muted").emit("message", Map.of("text", "hi"));
 * emitter.to("room").socketsJoin("other");
 * emitter.serverSideEmit("config-changed", 42);
 * }</pre>
 *
 * <p>Immutable: each selector ({@link #of}, {@link #to}, {@link #except}, {@link #asVolatile}, {@link
 * #compress}) returns a new emitter, so one instance may be shared by any number of threads. Each
 * operation has a blocking form, which returns once Redis took the message and throws {@link
 * EmitterException} otherwise, and an {@code ...Async} form, which returns at once. {@code byte[]}
 * arguments travel as binary.
 */
public final class SkeinEmitter {
    /** The uid the official emitter writes in its messages; nodes never take it for one of theirs. */
    public static final String UID = "emitter";

    private final Publisher publisher;
    private final ClusterChannels channels;
    private final String nsp;
    private final Set<String> rooms;
    private final Set<String> except;
    private final Map<String, Object> flags;

    private SkeinEmitter(
            Publisher publisher,
            ClusterChannels channels,
            String nsp,
            Set<String> rooms,
            Set<String> except,
            Map<String, Object> flags) {
        this.publisher = publisher;
        this.channels = channels;
        this.nsp = nsp;
        this.rooms = Collections.unmodifiableSet(rooms);
        this.except = Collections.unmodifiableSet(except);
        this.flags = Collections.unmodifiableMap(flags);
    }

    /** An emitter for namespace {@code /} on the default channels ({@code socket.io#...}). */
    public static SkeinEmitter create(RedissonClient redisson) {
        return create(redisson, ClusterChannels.DEFAULT_PREFIX);
    }

    /**
     * An emitter for namespace {@code /} on the channels of {@code prefix} (the official {@code key}
     * option; Skein's {@code SKEIN_CLUSTER_CHANNEL_PREFIX}).
     */
    public static SkeinEmitter create(RedissonClient redisson, String prefix) {
        Objects.requireNonNull(redisson, "redisson");
        return create(
                (channel, message) ->
                        redisson.getTopic(channel, ByteArrayCodec.INSTANCE).publishAsync(message),
                prefix);
    }

    /** An emitter over any publisher, for tests. */
    static SkeinEmitter create(Publisher publisher, String prefix) {
        return new SkeinEmitter(
                publisher, new ClusterChannels(prefix), "/", new LinkedHashSet<>(), new LinkedHashSet<>(), Map.of());
    }

    /**
     * The same emitter for namespace {@code namespace}, with no rooms or flags selected.
     *
     * @throws IllegalArgumentException if {@code namespace} does not start with {@code /}
     */
    public SkeinEmitter of(String namespace) {
        if (namespace == null || !namespace.startsWith("/")) {
            throw new IllegalArgumentException("namespace : " + namespace + " (expected: a name starting with /)");
        }
        return new SkeinEmitter(publisher, channels, namespace, new LinkedHashSet<>(), new LinkedHashSet<>(), Map.of());
    }

    /** Also targets the clients in {@code moreRooms}. */
    public SkeinEmitter to(String... moreRooms) {
        return new SkeinEmitter(publisher, channels, nsp, union(rooms, moreRooms), new LinkedHashSet<>(except), flags);
    }

    /** The same as {@link #to}. */
    public SkeinEmitter in(String... moreRooms) {
        return to(moreRooms);
    }

    /** Leaves out the clients in {@code excludedRooms}. */
    public SkeinEmitter except(String... excludedRooms) {
        return new SkeinEmitter(
                publisher, channels, nsp, new LinkedHashSet<>(rooms), union(except, excludedRooms), flags);
    }

    /** Lets the event be dropped for clients that cannot take it right now (the official {@code volatile}). */
    public SkeinEmitter asVolatile() {
        return withFlag("volatile", true);
    }

    /** Whether the event may be compressed on the wire. */
    public SkeinEmitter compress(boolean compress) {
        return withFlag("compress", compress);
    }

    /**
     * Emits {@code event} to the selected clients of every node, each once.
     *
     * @throws IllegalArgumentException for a reserved event name such as {@code "disconnect"}
     * @throws EmitterException if Redis did not take the message
     */
    public void emit(String event, Object... args) {
        await(emitAsync(event, args), "emit " + event);
    }

    /**
     * Emits without waiting.
     *
     * @return completes with the number of Redis subscribers (nodes) reached, or fails
     * @throws IllegalArgumentException for a reserved event name
     */
    public CompletionStage<Long> emitAsync(String event, Object... args) {
        ReservedEvents.check(event);
        List<Object> data = new ArrayList<>(args.length + 1);
        data.add(event);
        data.addAll(Arrays.asList(args));
        byte[] message = new BroadcastMessage(UID, nsp, data, rooms, except, flags).encodeAsEmitter();
        String channel = rooms.size() == 1 ? channels.room(nsp, rooms.iterator().next()) : channels.broadcast(nsp);
        return publisher.publish(channel, message);
    }

    /** Makes the selected clients join {@code newRooms} on every node. */
    public void socketsJoin(String... newRooms) {
        await(socketsJoinAsync(newRooms), "socketsJoin");
    }

    public CompletionStage<Long> socketsJoinAsync(String... newRooms) {
        return request(ClusterMessages.join(null, rooms, except, new LinkedHashSet<>(Arrays.asList(newRooms))));
    }

    /** Makes the selected clients leave {@code oldRooms} on every node. */
    public void socketsLeave(String... oldRooms) {
        await(socketsLeaveAsync(oldRooms), "socketsLeave");
    }

    public CompletionStage<Long> socketsLeaveAsync(String... oldRooms) {
        return request(ClusterMessages.leave(null, rooms, except, new LinkedHashSet<>(Arrays.asList(oldRooms))));
    }

    /** Disconnects the selected clients; with {@code close}, closes their whole connections too. */
    public void disconnectSockets(boolean close) {
        await(disconnectSocketsAsync(close), "disconnectSockets");
    }

    public CompletionStage<Long> disconnectSocketsAsync(boolean close) {
        return request(ClusterMessages.disconnect(null, rooms, except, close));
    }

    /**
     * Sends {@code event} to the server-side handlers of this namespace on every node (the official
     * emitter's {@code serverSideEmit}; no acknowledgement). The arguments travel as JSON.
     *
     * @throws IllegalArgumentException for a reserved event name
     */
    public void serverSideEmit(String event, Object... args) {
        await(serverSideEmitAsync(event, args), "serverSideEmit " + event);
    }

    public CompletionStage<Long> serverSideEmitAsync(String event, Object... args) {
        ReservedEvents.check(event);
        List<Object> data = new ArrayList<>(args.length + 1);
        data.add(event);
        data.addAll(Arrays.asList(args));
        return request(ClusterMessages.serverSideEmit(UID, null, data));
    }

    /** The namespace this emitter targets. */
    public String namespace() {
        return nsp;
    }

    @Override
    public String toString() {
        return "SkeinEmitter[" + nsp + " rooms=" + rooms + " except=" + except + " flags=" + flags + "]";
    }

    private CompletionStage<Long> request(ClusterMessage request) {
        return publisher.publish(channels.request(nsp), request.encode());
    }

    private SkeinEmitter withFlag(String flag, boolean value) {
        Map<String, Object> changed = new LinkedHashMap<>(flags);
        changed.put(flag, value);
        return new SkeinEmitter(
                publisher, channels, nsp, new LinkedHashSet<>(rooms), new LinkedHashSet<>(except), changed);
    }

    private static Set<String> union(Set<String> base, String[] more) {
        Set<String> result = new LinkedHashSet<>(base);
        for (String room : more) {
            result.add(Objects.requireNonNull(room, "room"));
        }
        return result;
    }

    private static void await(CompletionStage<Long> published, String what) {
        try {
            published.toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmitterException(what + " was interrupted", e);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new EmitterException(what + " did not reach Redis: " + cause.getMessage(), cause);
        }
    }
}
