package dev.skein.recovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skein.adapter.BroadcastFlags;
import dev.skein.adapter.BroadcastOptions;
import dev.skein.protocol.PreparedEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.redisson.api.stream.StreamMessageId;

/**
 * One entry of a namespace's recovery stream: a recoverable event and whom it selects. Fields (all bytes):
 * {@code u} the node's uid, {@code e} the event name, {@code p} the JSON array {@code ["event", ...args]} as
 * the wire has it (attachment placeholders included), {@code b0}, {@code b1}, ... the attachments, {@code r}
 * and {@code x} the rooms and the excepted rooms as JSON arrays (absent when empty), {@code c} {@code "0"} for
 * {@code compress(false)}. An entry without {@code p} marks a stream's beginning and carries no event. The
 * entry's id is the event's offset: clients get it as the event's last argument. {@code n} is the writing
 * node's own count of its appends, so that it knows when its reader has delivered them.
 *
 * @param uid the node that wrote the entry
 * @param sequence the writing node's count of its appends, 0 when none
 * @param event the event, or {@code null} for a marker
 */
record StreamEntry(StreamMessageId id, String uid, long sequence, PreparedEvent event, BroadcastOptions options) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern OFFSET = Pattern.compile("[0-9]{1,19}-[0-9]{1,19}");

    /** The fields of a new entry for {@code event}. */
    static Map<byte[], byte[]> fields(String uid, long sequence, PreparedEvent event, BroadcastOptions options) {
        Map<byte[], byte[]> fields = new LinkedHashMap<>();
        fields.put(bytes("u"), bytes(uid));
        fields.put(bytes("n"), bytes(Long.toString(sequence)));
        fields.put(bytes("e"), bytes(event.event()));
        fields.put(bytes("p"), bytes(event.array()));
        List<byte[]> attachments = event.attachments();
        for (int i = 0; i < attachments.size(); i++) {
            fields.put(bytes("b" + i), attachments.get(i));
        }
        if (!options.rooms().isEmpty()) {
            fields.put(bytes("r"), json(options.rooms()));
        }
        if (!options.except().isEmpty()) {
            fields.put(bytes("x"), json(options.except()));
        }
        if (!options.flags().compress()) {
            fields.put(bytes("c"), bytes("0"));
        }
        return fields;
    }

    /** The fields of a marker entry. */
    static Map<byte[], byte[]> marker(String uid) {
        return Map.of(bytes("u"), bytes(uid));
    }

    /**
     * Reads an entry of namespace {@code namespace}'s stream.
     *
     * @throws IOException if its fields are malformed
     */
    static StreamEntry parse(String namespace, StreamMessageId id, Map<byte[], byte[]> raw) throws IOException {
        Map<String, byte[]> fields = new HashMap<>();
        raw.forEach((k, v) -> fields.put(new String(k, StandardCharsets.UTF_8), v));
        String uid = fields.containsKey("u") ? text(fields.get("u")) : "";
        long sequence = sequence(fields.get("n"));
        byte[] array = fields.get("p");
        if (array == null) {
            return new StreamEntry(id, uid, sequence, null, null);
        }
        byte[] event = fields.get("e");
        if (event == null) {
            throw new IOException("an entry without its event name");
        }
        List<byte[]> attachments = new ArrayList<>(0);
        for (byte[] attachment; (attachment = fields.get("b" + attachments.size())) != null; ) {
            attachments.add(attachment);
        }
        BroadcastFlags flags = new BroadcastFlags(false, fields.get("c") == null);
        BroadcastOptions options = new BroadcastOptions(rooms(fields.get("r")), rooms(fields.get("x")), flags);
        PreparedEvent prepared = PreparedEvent.fromLog(namespace, text(event), text(array), attachments);
        return new StreamEntry(id, uid, sequence, prepared, options);
    }

    private static long sequence(byte[] field) throws IOException {
        if (field == null) {
            return 0;
        }
        try {
            return Long.parseLong(text(field));
        } catch (NumberFormatException e) {
            throw new IOException("a malformed sequence");
        }
    }

    /** Whether this entry carries an event (a marker does not). */
    boolean isEvent() {
        return event != null;
    }

    /** The offset a client gets: the entry id, {@code <ms>-<seq>}. */
    String offset() {
        return id.toString();
    }

    /** An offset a client sent, or {@code null} when it is not one this cluster gives. */
    static StreamMessageId parseOffset(String offset) {
        if (offset == null || !OFFSET.matcher(offset).matches()) {
            return null;
        }
        int dash = offset.indexOf('-');
        try {
            return new StreamMessageId(
                    Long.parseUnsignedLong(offset.substring(0, dash)),
                    Long.parseUnsignedLong(offset.substring(dash + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Compares stream ids as Redis orders them. */
    static int compare(StreamMessageId a, StreamMessageId b) {
        int first = Long.compareUnsigned(a.getId0(), b.getId0());
        return first != 0 ? first : Long.compareUnsigned(a.getId1(), b.getId1());
    }

    /** The id right after {@code id}, for an exclusive range start. */
    static StreamMessageId next(StreamMessageId id) {
        return id.getId1() == -1L
                ? new StreamMessageId(id.getId0() + 1, 0)
                : new StreamMessageId(id.getId0(), id.getId1() + 1);
    }

    private static Set<String> rooms(byte[] json) throws IOException {
        if (json == null) {
            return Set.of();
        }
        String[] rooms = JSON.readValue(json, String[].class);
        try {
            return Set.copyOf(java.util.Arrays.asList(rooms));
        } catch (NullPointerException e) {
            throw new IOException("a null room");
        }
    }

    private static byte[] json(Set<String> rooms) {
        try {
            return JSON.writeValueAsBytes(rooms);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
