package dev.skein.recovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A socket's session as a cluster keeps it in Redis, in JSON: {@code {"sid", "rooms", "data", "since",
 * "connected", "at"}}. {@code data} is the socket's data as JSON ({@code byte[]} as base64); data that is not
 * JSON is written as {@code {}} (see {@link #encode}).
 *
 * @param since the stream offset the socket started from: a client that received nothing since recovers from it
 * @param connected whether the socket was connected when written (written through), or had disconnected
 * @param atMillis when written
 */
record SessionRecord(
        String sid, Set<String> rooms, Map<String, Object> data, String since, boolean connected, long atMillis) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Thrown by {@link #decode} for bytes that are not a session. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    /**
     * The JSON bytes.
     *
     * @param dataAsJson false when {@code data} is not JSON: it is then written as {@code {}}
     */
    byte[] encode(boolean dataAsJson) {
        ObjectNode node = JSON.createObjectNode();
        node.put("sid", sid);
        rooms.forEach(node.putArray("rooms")::add);
        node.set("data", dataAsJson ? JSON.valueToTree(data) : JSON.createObjectNode());
        node.put("since", since);
        node.put("connected", connected);
        node.put("at", atMillis);
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a session is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Whether {@code data} can be written as JSON. */
    static boolean isJson(Map<String, Object> data) {
        try {
            JSON.valueToTree(data);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    static SessionRecord decode(byte[] bytes) throws Malformed {
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null
                    || !node.path("sid").isTextual()
                    || !node.path("since").isTextual()) {
                throw new Malformed("no sid or since");
            }
            Set<String> rooms = new LinkedHashSet<>();
            node.path("rooms").forEach(room -> rooms.add(room.asText()));
            Map<String, Object> data = node.path("data").isObject()
                    ? JSON.convertValue(node.get("data"), LinkedHashMap.class)
                    : new LinkedHashMap<>();
            return new SessionRecord(
                    node.get("sid").asText(),
                    rooms,
                    data,
                    node.get("since").asText(),
                    node.path("connected").asBoolean(),
                    node.path("at").asLong());
        } catch (IOException | IllegalArgumentException e) {
            throw new Malformed(e.getMessage());
        }
    }
}
