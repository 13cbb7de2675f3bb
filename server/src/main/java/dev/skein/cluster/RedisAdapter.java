package dev.skein.cluster;

import dev.skein.adapter.BroadcastFlags;
import dev.skein.adapter.BroadcastOptions;
import dev.skein.adapter.ClusterRequestException;
import dev.skein.adapter.InMemoryAdapter;
import dev.skein.adapter.LocalSockets;
import dev.skein.adapter.SocketSnapshot;
import dev.skein.protocol.EncodedPacket;
import dev.skein.protocol.SocketIoEncoder;
import dev.skein.protocol.SocketIoPacket;
import dev.skein.wire.BroadcastMessage;
import dev.skein.wire.ClusterChannels;
import dev.skein.wire.ClusterMessage;
import dev.skein.wire.ClusterMessages;
import dev.skein.wire.MalformedMessageException;
import dev.skein.wire.RequestType;
import dev.skein.wire.WireFields;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One namespace's rooms in the cluster: everything {@link InMemoryAdapter} does for this node, plus the
 * same operation published to the other nodes in the official adapter's format, and theirs applied here.
 * A broadcast for one room that has no member here is dropped before it is decoded.
 */
final class RedisAdapter extends InMemoryAdapter {
    private static final Logger log = LoggerFactory.getLogger(RedisAdapter.class);
    /** The uid of the official emitters' messages (their room requests carry none). */
    private static final String EMITTER_UID = "emitter";

    private final LocalSockets local;
    private final RedisCluster cluster;
    private final ClusterChannels channels;
    private final String nsp;
    private final ConcurrentHashMap<String, PendingAckBroadcast> ackBroadcasts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, PendingRequest> requests = new ConcurrentHashMap<>();
    /**
     * Completes once Redis confirmed every subscription: a request waits for it, or the answers to it (and
     * this node's own count in {@code NUMSUB}) could be missed.
     */
    private final CompletableFuture<Void> subscribed;

    RedisAdapter(LocalSockets local, RedisCluster cluster) {
        super(local);
        this.local = local;
        this.cluster = cluster;
        this.channels = cluster.channels();
        this.nsp = local.namespace();
        RedisLink link = cluster.link();
        this.subscribed = CompletableFuture.allOf(
                link.psubscribe(channels.broadcastPattern(nsp), this::onBroadcast)
                        .toCompletableFuture(),
                link.subscribe(channels.request(nsp), this::onRequest).toCompletableFuture(),
                link.subscribe(channels.response(nsp), this::onResponse).toCompletableFuture(),
                link.subscribe(channels.response(nsp, cluster.uid()), this::onResponse)
                        .toCompletableFuture());
        subscribed.whenComplete((ready, error) -> {
            if (error != null) {
                log.warn(
                        "Namespace {} could not subscribe to its cluster channels on {} ({}): it will miss other"
                                + " nodes' broadcasts and requests",
                        nsp,
                        link.address(),
                        RedisLink.rootMessage(error));
            }
        });
    }

    @Override
    public CompletionStage<Void> whenListening() {
        return subscribed;
    }

    @Override
    public void broadcast(EncodedPacket packet, BroadcastOptions options) {
        super.broadcast(packet, options);
        if (packet.event() == null) {
            return;
        }
        cluster.publish(
                broadcastChannel(options.rooms()), messageOf(packet, options).encode());
    }

    @Override
    public void publishRemote(String event, List<?> args, BroadcastOptions options) {
        List<Object> data = new ArrayList<>(args.size() + 1);
        data.add(event);
        data.addAll(args);
        BroadcastMessage message = new BroadcastMessage(
                cluster.uid(), nsp, data, options.rooms(), options.except(), flags(options.flags()));
        cluster.publish(broadcastChannel(options.rooms()), message.encode());
    }

    @Override
    public void disconnectRemote(BroadcastOptions options, boolean close) {
        request(ClusterMessages.disconnect(cluster.uid(), options.rooms(), options.except(), close));
    }

    @Override
    public void broadcastWithAck(
            EncodedPacket packet,
            long ackId,
            BroadcastOptions options,
            Duration timeout,
            IntConsumer clientCount,
            Consumer<List<Object>> onAck) {
        String requestId = RedisCluster.newRequestId();
        BroadcastAckRequest counts = new BroadcastAckRequest(clientCount);
        ackBroadcasts.put(requestId, new PendingAckBroadcast(counts, onAck));
        cluster.after(timeout, () -> ackBroadcasts.remove(requestId));
        super.broadcastWithAck(packet, ackId, options, timeout, counts::localCount, onAck);
        BroadcastMessage message = messageOf(packet, options);
        subscribers().whenComplete((nodes, error) -> {
            counts.expectRemoteNodes(error == null ? (int) (nodes - 1) : 0);
            if (error == null) {
                request(ClusterMessages.broadcastWithAck(cluster.uid(), requestId, message, timeout.toMillis()));
            }
        });
    }

    @Override
    public void addSockets(BroadcastOptions options, Set<String> rooms) {
        super.addSockets(options, rooms);
        request(ClusterMessages.join(cluster.uid(), options.rooms(), options.except(), rooms));
    }

    @Override
    public void delSockets(BroadcastOptions options, Set<String> rooms) {
        super.delSockets(options, rooms);
        request(ClusterMessages.leave(cluster.uid(), options.rooms(), options.except(), rooms));
    }

    @Override
    public void disconnectSockets(BroadcastOptions options, boolean close) {
        super.disconnectSockets(options, close);
        request(ClusterMessages.disconnect(cluster.uid(), options.rooms(), options.except(), close));
    }

    @Override
    public CompletionStage<List<SocketSnapshot>> fetchSockets(BroadcastOptions options) {
        return ask(
                        "fetchSockets",
                        localSnapshots(options),
                        requestId -> ClusterMessages.fetch(cluster.uid(), requestId, options.rooms(), options.except()),
                        answer -> SnapshotWire.fromWire(answer.get("sockets")),
                        cluster.requestTimeout())
                .thenApply(RedisAdapter::snapshots);
    }

    @Override
    public CompletionStage<Set<String>> allRooms() {
        return ask(
                        "allRooms",
                        List.copyOf(rooms()),
                        requestId -> ClusterMessages.allRooms(cluster.uid(), requestId),
                        answer -> List.copyOf(WireFields.strings(answer.get("rooms"), "rooms")),
                        cluster.requestTimeout())
                .thenApply(rooms -> {
                    Set<String> all = new LinkedHashSet<>();
                    rooms.forEach(room -> all.add((String) room));
                    return all;
                });
    }

    @Override
    public void serverSideEmit(List<Object> data) {
        request(ClusterMessages.serverSideEmit(cluster.uid(), null, data));
    }

    @Override
    public CompletionStage<List<Object>> serverSideEmitWithAck(List<Object> data, Duration timeout) {
        return ask(
                "serverSideEmitWithAck",
                List.of(),
                requestId -> ClusterMessages.serverSideEmit(cluster.uid(), requestId, data),
                answer -> java.util.Collections.singletonList(answer.get("data")),
                timeout);
    }

    @Override
    public CompletionStage<Integer> serverCount() {
        return subscribers().thenApply(count -> (int) Math.max(1, count));
    }

    /**
     * Sends a request to the other nodes of this namespace (as many as the request channel has other
     * subscribers) and gathers their answers with this node's {@code local} results.
     */
    private CompletableFuture<List<Object>> ask(
            String operation,
            List<?> local,
            java.util.function.Function<String, ClusterMessage> requestOf,
            PendingRequest.Reader reader,
            Duration timeout) {
        return subscribers()
                .toCompletableFuture()
                .handle((subscribers, error) -> {
                    if (error != null) {
                        return CompletableFuture.<List<Object>>failedFuture(
                                ClusterRequestException.unreachable(operation, RedisLink.rootCause(error), local));
                    }
                    int otherNodes = (int) (subscribers - 1);
                    if (otherNodes <= 0) {
                        return CompletableFuture.completedFuture(List.<Object>copyOf(local));
                    }
                    String requestId = RedisCluster.newRequestId();
                    PendingRequest pending = new PendingRequest(operation, otherNodes, local, reader);
                    requests.put(requestId, pending);
                    pending.result().whenComplete((results, failure) -> requests.remove(requestId));
                    cluster.after(timeout, () -> pending.expire(timeout));
                    cluster.publishTracked(
                                    channels.request(nsp),
                                    requestOf.apply(requestId).encode())
                            .whenComplete((sent, failure) -> {
                                if (failure != null) {
                                    pending.unsent(RedisLink.rootCause(failure));
                                }
                            });
                    return pending.result();
                })
                .thenCompose(answers -> answers);
    }

    /** Package-private for {@code ClusterBenchmark}, which measures the skip against a full decode. */
    void onBroadcast(String channel, byte[] bytes) {
        String room = channels.roomOf(channel, nsp);
        if (room == null || (!room.isEmpty() && !hasRoom(room))) {
            cluster.metrics().clusterMessageSkipped();
            return;
        }
        try {
            BroadcastMessage message = BroadcastMessage.decode(bytes);
            if (cluster.uid().equals(message.uid()) || !nsp.equals(message.nsp()) || message.event() == null) {
                return;
            }
            if (cluster.recovering()
                    && RedisCluster.recoveringUid(message.uid())
                    && !BroadcastMessage.isVolatile(message.flags())) {
                // a recoverable broadcast of a recovering node: it comes through the namespace's stream, in order
                return;
            }
            if (EMITTER_UID.equals(message.uid())) {
                cluster.metrics().pushReceived(channels.broadcast(nsp), "accepted");
            }
            BroadcastOptions options = optionsOf(message.rooms(), message.except(), message.flags());
            Set<String> targets = targets(options);
            if (!targets.isEmpty()) {
                EncodedPacket packet =
                        SocketIoEncoder.event(nsp, SocketIoPacket.NO_ACK, message.event(), message.args());
                deliver(targets, packet, options.flags());
            }
        } catch (MalformedMessageException e) {
            malformed(channel, e);
        }
    }

    private void onRequest(byte[] bytes) {
        try {
            ClusterMessage request = ClusterMessage.decode(bytes);
            if (cluster.uid().equals(request.uid())) {
                return;
            }
            if (request.uid() == null || EMITTER_UID.equals(request.uid())) {
                cluster.metrics().pushReceived(channels.request(nsp), "accepted");
            }
            RequestType type = request.type();
            if (type == null) {
                return;
            }
            switch (type) {
                case REMOTE_JOIN ->
                    super.addSockets(optionsOf(request), WireFields.strings(request.get("rooms"), "rooms"));
                case REMOTE_LEAVE ->
                    super.delSockets(optionsOf(request), WireFields.strings(request.get("rooms"), "rooms"));
                case REMOTE_DISCONNECT ->
                    super.disconnectSockets(optionsOf(request), Boolean.TRUE.equals(request.get("close")));
                case ALL_ROOMS -> respond(ClusterMessages.allRoomsResponse(request.requestId(), localRooms()));
                case SOCKETS ->
                    respond(ClusterMessages.socketsResponse(
                            request.requestId(), sockets(WireFields.strings(request.get("rooms"), "rooms"))));
                case REMOTE_FETCH -> answerFetch(request);
                case SERVER_SIDE_EMIT -> answerServerSideEmit(request);
                case BROADCAST -> answerBroadcastWithAck(request);
                default -> log.trace("Request type {} needs no answer", type);
            }
        } catch (MalformedMessageException e) {
            malformed(channels.request(nsp), e);
        }
    }

    private void onResponse(byte[] bytes) {
        try {
            ClusterMessage response = ClusterMessage.decode(bytes);
            PendingRequest request = response.requestId() == null ? null : requests.get(response.requestId());
            if (request != null) {
                request.answer(response);
                return;
            }
            RequestType type = response.type();
            PendingAckBroadcast pending = response.requestId() == null ? null : ackBroadcasts.get(response.requestId());
            if (pending == null || type == null) {
                return;
            }
            if (type == RequestType.BROADCAST_CLIENT_COUNT) {
                pending.counts().remoteCount(WireFields.integer(response.get("clientCount"), "clientCount"));
            } else if (type == RequestType.BROADCAST_ACK) {
                List<Object> args = new ArrayList<>(1);
                args.add(response.get("packet"));
                pending.onAck().accept(args);
            }
        } catch (MalformedMessageException e) {
            malformed(channels.response(nsp), e);
        }
    }

    /** Another node fetches sockets: answer with this node's, data included when it is JSON. */
    private void answerFetch(ClusterMessage request) throws MalformedMessageException {
        List<SocketSnapshot> snapshots = localSnapshots(optionsOf(request));
        try {
            respond(ClusterMessages.fetchResponse(request.requestId(), SnapshotWire.toWire(snapshots, true))
                    .encode());
        } catch (IllegalArgumentException e) {
            log.warn(
                    "fetchSockets on namespace {}: a socket's data is not JSON ({}); answered without socket data",
                    nsp,
                    RedisLink.rootMessage(e));
            respond(ClusterMessages.fetchResponse(request.requestId(), SnapshotWire.toWire(snapshots, false)));
        }
    }

    /** Another node emits to the servers: run this namespace's handlers; answer once if it wants one. */
    private void answerServerSideEmit(ClusterMessage request) throws MalformedMessageException {
        List<Object> data = WireFields.list(request.get("data"), "data");
        String requestId = request.requestId();
        if (requestId == null) {
            local.serverSideEvent(data, null);
            return;
        }
        local.serverSideEvent(data, answer -> {
            try {
                respond(ClusterMessages.serverSideEmitResponse(requestId, answer));
            } catch (IllegalArgumentException e) {
                log.warn("serverSideEmit answer on namespace {} is not JSON and was not sent: {}", nsp, e.getMessage());
            }
        });
    }

    /** Another node broadcasts with acks: deliver here, report the count (even 0), relay each ack. */
    private void answerBroadcastWithAck(ClusterMessage request) throws MalformedMessageException {
        String requestId = request.requestId();
        Map<String, Object> packet = WireFields.map(request.get("packet"), "packet");
        List<Object> data = WireFields.list(packet.get("data"), "data");
        Map<String, Object> opts = WireFields.map(request.get("opts"), "opts");
        Map<String, Object> flags = opts.get("flags") == null ? Map.of() : WireFields.map(opts.get("flags"), "flags");
        if (data.isEmpty() || !(data.get(0) instanceof String event)) {
            throw new MalformedMessageException("a broadcast with ack without an event name");
        }
        Duration timeout =
                flags.get("timeout") instanceof Number n ? Duration.ofMillis(n.longValue()) : cluster.requestTimeout();
        long ackId = local.nextAckId();
        EncodedPacket encoded = SocketIoEncoder.event(nsp, ackId, event, data.subList(1, data.size()));
        super.broadcastWithAck(
                encoded,
                ackId,
                optionsOf(opts),
                timeout,
                count -> respond(ClusterMessages.clientCount(requestId, count)),
                args -> respond(ClusterMessages.broadcastAck(requestId, args.isEmpty() ? null : args.get(0))));
    }

    /**
     * {@code PUBSUB NUMSUB} of the request channel (the nodes of this namespace), once this node's own
     * subscriptions are settled.
     */
    private CompletionStage<Long> subscribers() {
        return subscribed.handle((ready, error) -> ready).thenCompose(ready -> cluster.link()
                .subscribers(channels.request(nsp)));
    }

    private void request(ClusterMessage request) {
        cluster.publish(channels.request(nsp), request.encode());
    }

    private void respond(ClusterMessage response) {
        respond(response.encode());
    }

    private void respond(byte[] response) {
        cluster.publish(channels.response(nsp), response);
    }

    private static List<SocketSnapshot> snapshots(List<Object> results) {
        List<SocketSnapshot> snapshots = new ArrayList<>(results.size());
        results.forEach(result -> snapshots.add((SocketSnapshot) result));
        return snapshots;
    }

    private Set<String> localRooms() {
        return new LinkedHashSet<>(rooms());
    }

    private String broadcastChannel(Set<String> rooms) {
        return rooms.size() == 1 ? channels.room(nsp, rooms.iterator().next()) : channels.broadcast(nsp);
    }

    private void malformed(String channel, MalformedMessageException e) {
        cluster.metrics().clusterMessageMalformed();
        log.debug("Dropped a malformed message on {}: {}", channel, e.getMessage());
    }

    private BroadcastMessage messageOf(EncodedPacket packet, BroadcastOptions options) {
        List<Object> data = new ArrayList<>(packet.eventArgs().size() + 1);
        data.add(packet.event());
        data.addAll(packet.eventArgs());
        return new BroadcastMessage(
                cluster.uid(), nsp, data, options.rooms(), options.except(), flags(options.flags()));
    }

    private static Map<String, Object> flags(BroadcastFlags flags) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (flags.volatile_()) {
            map.put("volatile", true);
        }
        if (!flags.compress()) {
            map.put("compress", false);
        }
        return map;
    }

    private static BroadcastOptions optionsOf(Set<String> rooms, Set<String> except, Map<String, Object> flags) {
        return new BroadcastOptions(
                rooms,
                except,
                new BroadcastFlags(BroadcastMessage.isVolatile(flags), BroadcastMessage.compress(flags)));
    }

    private static BroadcastOptions optionsOf(ClusterMessage request) throws MalformedMessageException {
        return optionsOf(WireFields.map(request.get("opts"), "opts"));
    }

    /** A request's {@code opts}: {@code rooms}, {@code except} and, when present, {@code flags}. */
    private static BroadcastOptions optionsOf(Map<String, Object> opts) throws MalformedMessageException {
        Map<String, Object> flags = opts.get("flags") == null ? Map.of() : WireFields.map(opts.get("flags"), "flags");
        return optionsOf(
                WireFields.strings(opts.get("rooms"), "rooms"),
                WireFields.strings(opts.get("except"), "except"),
                flags);
    }

    /** A broadcast with acks this node started: its counts, and where the clients' answers go. */
    private record PendingAckBroadcast(BroadcastAckRequest counts, Consumer<List<Object>> onAck) {}
}
