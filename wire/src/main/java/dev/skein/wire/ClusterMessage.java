package dev.skein.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request or response on a namespace's request/response channels, as an ordered map of its fields.
 * Types 7 (broadcast with ack) and 9 (one client's ack) are MessagePack; the others are JSON, told apart
 * by a first byte of {@code '{'}. The builders below write each kind's keys in the official adapter's
 * order, so that the bytes match its own.
 */
public final class ClusterMessage {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> fields;

    private ClusterMessage(Map<String, Object> fields) {
        this.fields = fields;
    }

    /** A message with exactly these fields, in this order. */
    public static ClusterMessage of(Map<String, Object> fields) {
        return new ClusterMessage(new LinkedHashMap<>(fields));
    }

    /** The fields, in order; unmodifiable. */
    public Map<String, Object> fields() {
        return java.util.Collections.unmodifiableMap(fields);
    }

    public Object get(String field) {
        return fields.get(field);
    }

    /** The {@code type} field; {@code null} for the responses that carry none (types 1 and 5). */
    public RequestType type() throws MalformedMessageException {
        Object type = fields.get("type");
        return type == null ? null : RequestType.of(WireFields.integer(type, "type"));
    }

    public String requestId() {
        return fields.get("requestId") instanceof String id ? id : null;
    }

    public String uid() {
        return fields.get("uid") instanceof String uid ? uid : null;
    }

    /** The bytes to publish: MessagePack for types 7 and 9, else JSON. */
    public byte[] encode() {
        Object type = fields.get("type");
        boolean msgpack = type instanceof Number n
                && (n.intValue() == RequestType.BROADCAST.code() || n.intValue() == RequestType.BROADCAST_ACK.code());
        if (msgpack) {
            return MsgPack.encode(fields);
        }
        try {
            return JSON.writeValueAsBytes(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cluster message fields must be JSON values", e);
        }
    }

    /**
     * Decodes a request or response, JSON or MessagePack.
     *
     * @throws MalformedMessageException if it is neither, or not a map
     */
    @SuppressWarnings("unchecked")
    public static ClusterMessage decode(byte[] bytes) throws MalformedMessageException {
        if (bytes.length > 0 && bytes[0] == '{') {
            try {
                return new ClusterMessage(JSON.readValue(bytes, LinkedHashMap.class));
            } catch (IOException e) {
                throw new MalformedMessageException("invalid JSON cluster message: " + e.getMessage());
            }
        }
        return new ClusterMessage(new LinkedHashMap<>(WireFields.map(MsgPack.decode(bytes), "message")));
    }

    @Override
    public String toString() {
        return "ClusterMessage" + fields;
    }
}
