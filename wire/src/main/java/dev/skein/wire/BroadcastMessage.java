package dev.skein.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A broadcast on a namespace's channel: MessagePack {@code [uid, {type: 2, data: [event, ...args], nsp},
 * {rooms, except, flags}]}, exactly as the official adapter writes it (the emitter writes {@code rooms,
 * flags, except}; both decode).
 *
 * @param uid the publishing node's uid ({@code "emitter"} for the official emitter)
 * @param nsp the namespace
 * @param data the event name followed by its arguments ({@code byte[]} for binary)
 * @param rooms the target rooms, empty for all
 * @param except the excluded rooms
 * @param flags {@code volatile}, {@code compress}, {@code timeout} as sent; never null
 */
public record BroadcastMessage(
        String uid, String nsp, List<Object> data, Set<String> rooms, Set<String> except, Map<String, Object> flags) {
    /** The packet type the adapter always writes, binary or not. */
    static final int EVENT = 2;

    public BroadcastMessage {
        data = java.util.Collections.unmodifiableList(new ArrayList<>(data));
        rooms = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(rooms));
        except = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(except));
        flags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(flags));
    }

    /** The event name, or {@code null} when the packet carries none. */
    public String event() {
        return !data.isEmpty() && data.get(0) instanceof String s ? s : null;
    }

    /** The event's arguments. */
    public List<Object> args() {
        return data.isEmpty() ? List.of() : data.subList(1, data.size());
    }

    /** Whether clients that cannot take the packet right now may miss it: {@link #isVolatile(Map)}. */
    public boolean isVolatile() {
        return isVolatile(flags);
    }

    /** Whether the packet may be compressed: {@link #compress(Map)}. */
    public boolean compress() {
        return compress(flags);
    }

    /** A {@code flags} map as the official adapter reads it: {@code volatile} only when {@code true}. */
    public static boolean isVolatile(Map<String, Object> flags) {
        return Boolean.TRUE.equals(flags.get("volatile"));
    }

    /** A {@code flags} map as the official adapter reads it: {@code compress} unless {@code false}. */
    public static boolean compress(Map<String, Object> flags) {
        return !Boolean.FALSE.equals(flags.get("compress"));
    }

    /** The bytes the official adapter publishes: {@code opts} keys {@code rooms, except, flags}. */
    public byte[] encode() {
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("rooms", List.copyOf(rooms));
        opts.put("except", List.copyOf(except));
        opts.put("flags", flags);
        return MsgPack.encode(List.of(uid, packet(), opts));
    }

    /** The bytes the official emitter publishes: {@code opts} keys {@code rooms, flags, except}. */
    public byte[] encodeAsEmitter() {
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("rooms", List.copyOf(rooms));
        opts.put("flags", flags);
        opts.put("except", List.copyOf(except));
        return MsgPack.encode(List.of(uid, packet(), opts));
    }

    private Map<String, Object> packet() {
        Map<String, Object> packet = new LinkedHashMap<>();
        packet.put("type", EVENT);
        packet.put("data", data);
        packet.put("nsp", nsp);
        return packet;
    }

    /**
     * Decodes a broadcast.
     *
     * @throws MalformedMessageException if it is not one
     */
    public static BroadcastMessage decode(byte[] bytes) throws MalformedMessageException {
        if (!(MsgPack.decode(bytes) instanceof List<?> message) || message.size() < 3) {
            throw new MalformedMessageException("a broadcast is a [uid, packet, opts] array");
        }
        Map<String, Object> packet = WireFields.map(message.get(1), "packet");
        Map<String, Object> opts = WireFields.map(message.get(2), "opts");
        return new BroadcastMessage(
                WireFields.string(message.get(0), "uid"),
                WireFields.string(packet.get("nsp"), "nsp"),
                WireFields.list(packet.get("data"), "data"),
                WireFields.strings(opts.get("rooms"), "rooms"),
                WireFields.strings(opts.get("except"), "except"),
                opts.get("flags") == null ? Map.of() : WireFields.map(opts.get("flags"), "flags"));
    }
}
