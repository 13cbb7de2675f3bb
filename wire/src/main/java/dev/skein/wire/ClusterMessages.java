package dev.skein.wire;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds each request and response with its fields in the official adapter's order. */
public final class ClusterMessages {
    private ClusterMessages() {}

    public static ClusterMessage allRooms(String uid, String requestId) {
        return message("uid", uid, "requestId", requestId, "type", RequestType.ALL_ROOMS.code());
    }

    /**
     * Makes the selected sockets join {@code newRooms}; {@code uid} is {@code null} for an emitter, whose
     * requests carry none.
     */
    public static ClusterMessage join(String uid, Set<String> rooms, Set<String> except, Set<String> newRooms) {
        return roomsRequest(RequestType.REMOTE_JOIN, uid, rooms, except, newRooms);
    }

    /** Makes the selected sockets leave {@code oldRooms}; {@code uid} is {@code null} for an emitter. */
    public static ClusterMessage leave(String uid, Set<String> rooms, Set<String> except, Set<String> oldRooms) {
        return roomsRequest(RequestType.REMOTE_LEAVE, uid, rooms, except, oldRooms);
    }

    /** Disconnects the selected sockets; {@code uid} is {@code null} for an emitter. */
    public static ClusterMessage disconnect(String uid, Set<String> rooms, Set<String> except, boolean close) {
        Map<String, Object> fields = withUid(uid);
        fields.put("type", RequestType.REMOTE_DISCONNECT.code());
        fields.put("opts", opts(rooms, except));
        fields.put("close", close);
        return ClusterMessage.of(fields);
    }

    public static ClusterMessage fetch(String uid, String requestId, Set<String> rooms, Set<String> except) {
        return message(
                "uid",
                uid,
                "requestId",
                requestId,
                "type",
                RequestType.REMOTE_FETCH.code(),
                "opts",
                opts(rooms, except));
    }

    /** A server-side emit; {@code requestId} is {@code null} when no acknowledgement is wanted. */
    public static ClusterMessage serverSideEmit(String uid, String requestId, List<Object> data) {
        if (requestId == null) {
            return message("uid", uid, "type", RequestType.SERVER_SIDE_EMIT.code(), "data", data);
        }
        return message("uid", uid, "requestId", requestId, "type", RequestType.SERVER_SIDE_EMIT.code(), "data", data);
    }

    /** A broadcast whose clients must acknowledge it (MessagePack). */
    public static ClusterMessage broadcastWithAck(
            String uid, String requestId, BroadcastMessage broadcast, long timeoutMillis) {
        Map<String, Object> packet = new LinkedHashMap<>();
        packet.put("type", BroadcastMessage.EVENT);
        packet.put("data", broadcast.data());
        packet.put("nsp", broadcast.nsp());
        Map<String, Object> flags = new LinkedHashMap<>(broadcast.flags());
        flags.put("timeout", timeoutMillis);
        Map<String, Object> opts = opts(broadcast.rooms(), broadcast.except());
        opts.put("flags", flags);
        return message(
                "uid",
                uid,
                "requestId",
                requestId,
                "type",
                RequestType.BROADCAST.code(),
                "packet",
                packet,
                "opts",
                opts);
    }

    public static ClusterMessage allRoomsResponse(String requestId, Set<String> rooms) {
        return message("requestId", requestId, "rooms", List.copyOf(rooms));
    }

    public static ClusterMessage socketsResponse(String requestId, Set<String> socketIds) {
        return message("requestId", requestId, "sockets", List.copyOf(socketIds));
    }

    public static ClusterMessage fetchResponse(String requestId, List<Map<String, Object>> sockets) {
        return message("requestId", requestId, "sockets", sockets);
    }

    public static ClusterMessage serverSideEmitResponse(String requestId, Object data) {
        return message("type", RequestType.SERVER_SIDE_EMIT.code(), "requestId", requestId, "data", data);
    }

    /** How many clients a node reached with a broadcast with ack; sent even when 0. */
    public static ClusterMessage clientCount(String requestId, int clientCount) {
        return message(
                "type", RequestType.BROADCAST_CLIENT_COUNT.code(), "requestId", requestId, "clientCount", clientCount);
    }

    /** One client's acknowledgement: its first argument (MessagePack). */
    public static ClusterMessage broadcastAck(String requestId, Object firstArgument) {
        return message("type", RequestType.BROADCAST_ACK.code(), "requestId", requestId, "packet", firstArgument);
    }

    private static ClusterMessage roomsRequest(
            RequestType type, String uid, Set<String> rooms, Set<String> except, Set<String> changed) {
        Map<String, Object> fields = withUid(uid);
        fields.put("type", type.code());
        fields.put("opts", opts(rooms, except));
        fields.put("rooms", List.copyOf(changed));
        return ClusterMessage.of(fields);
    }

    /** A field map starting with {@code uid}, or empty when there is none. */
    private static Map<String, Object> withUid(String uid) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (uid != null) {
            fields.put("uid", uid);
        }
        return fields;
    }

    private static Map<String, Object> opts(Set<String> rooms, Set<String> except) {
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("rooms", List.copyOf(rooms));
        opts.put("except", List.copyOf(except));
        return opts;
    }

    private static ClusterMessage message(Object... keysAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            fields.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return ClusterMessage.of(fields);
    }
}
