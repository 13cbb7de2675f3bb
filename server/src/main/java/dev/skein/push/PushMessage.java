package dev.skein.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skein.wire.ReservedEvents;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One message of the JSON push channel, validated:
 *
 * <pre>{@code
 * {"nsp": "/", "rooms": ["news"], "except": ["muted"], "event": "alert", "data": [{"text": "hi"}], "volatile": false}
 * }</pre>
 *
 * Only {@code event} is required; {@code nsp} defaults to {@code /}, {@code rooms} to every client,
 * {@code data} (the event's arguments) to none. Unknown fields are refused, so that a typo such as
 * {@code "room"} cannot turn a room message into one for everybody. Immutable.
 */
record PushMessage(
        String nsp, Set<String> rooms, Set<String> except, String event, List<Object> args, boolean isVolatile) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("nsp", "rooms", "except", "event", "data", "volatile");

    PushMessage {
        rooms = Set.copyOf(rooms);
        except = Set.copyOf(except);
        args = java.util.Collections.unmodifiableList(new ArrayList<>(args));
    }

    /**
     * Parses and validates {@code bytes}.
     *
     * @throws PushRejectedException naming the first problem found
     */
    static PushMessage parse(byte[] bytes, int maxBytes) throws PushRejectedException {
        if (bytes.length > maxBytes) {
            throw new PushRejectedException("message of " + bytes.length + " bytes is larger than " + maxBytes);
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new PushRejectedException("not JSON (" + e.getOriginalMessage() + ")");
        } catch (java.io.IOException e) {
            throw new PushRejectedException("not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new PushRejectedException("not a JSON object");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new PushRejectedException("unknown field \"" + name + "\" (expected: "
                        + String.join(", ", List.of("nsp", "rooms", "except", "event", "data", "volatile")) + ")");
            }
        }
        JsonNode event = root.get("event");
        if (event == null || !event.isTextual() || event.asText().isEmpty()) {
            throw new PushRejectedException("\"event\" must be a non-empty string");
        }
        if (ReservedEvents.isReserved(event.asText())) {
            throw new PushRejectedException("\"event\" is the reserved name \"" + event.asText() + "\"");
        }
        String nsp = "/";
        if (root.has("nsp")) {
            JsonNode value = root.get("nsp");
            if (!value.isTextual() || !value.asText().startsWith("/")) {
                throw new PushRejectedException("\"nsp\" must be a string starting with /");
            }
            nsp = value.asText();
        }
        List<Object> args = new ArrayList<>();
        if (root.has("data")) {
            JsonNode data = root.get("data");
            if (!data.isArray()) {
                throw new PushRejectedException("\"data\" must be an array (the event's arguments)");
            }
            for (JsonNode arg : data) {
                args.add(JSON.convertValue(arg, Object.class));
            }
        }
        boolean isVolatile = false;
        if (root.has("volatile")) {
            if (!root.get("volatile").isBoolean()) {
                throw new PushRejectedException("\"volatile\" must be true or false");
            }
            isVolatile = root.get("volatile").asBoolean();
        }
        return new PushMessage(nsp, strings(root, "rooms"), strings(root, "except"), event.asText(), args, isVolatile);
    }

    private static Set<String> strings(JsonNode root, String field) throws PushRejectedException {
        Set<String> values = new LinkedHashSet<>();
        JsonNode node = root.get(field);
        if (node == null) {
            return values;
        }
        if (!node.isArray()) {
            throw new PushRejectedException("\"" + field + "\" must be an array of strings");
        }
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw new PushRejectedException("\"" + field + "\" must be an array of strings");
            }
            values.add(item.asText());
        }
        return values;
    }
}
