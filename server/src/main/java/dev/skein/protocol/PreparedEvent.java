package dev.skein.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An EVENT encoded once, up to its last argument, so that connection state recovery can append each
 * emit's offset (a string) without encoding the arguments again: {@link #withOffset} gives the packet every
 * client of that emit shares. The offset goes last, where the official client looks for it. Immutable and
 * thread-safe.
 */
public final class PreparedEvent {
    private final String header;
    private final String array;
    private final List<byte[]> attachments;
    private final String event;
    private final List<Object> args;

    private PreparedEvent(String header, String array, List<byte[]> attachments, String event, List<Object> args) {
        this.header = header;
        this.array = array;
        this.attachments = attachments;
        this.event = event;
        this.args = args;
    }

    /** Encodes {@code event} and {@code args} (an EVENT, or BINARY_EVENT when they hold {@code byte[]}). */
    public static PreparedEvent of(String namespace, String event, List<?> args) {
        List<Object> data = new ArrayList<>(args.size() + 1);
        data.add(event);
        data.addAll(args);
        List<byte[]> attachments = new ArrayList<>(0);
        String array = Json.write(data, attachments);
        List<Object> kept = java.util.Collections.unmodifiableList(new ArrayList<>(args));
        return new PreparedEvent(header(namespace, attachments.size()), array, List.copyOf(attachments), event, kept);
    }

    /**
     * An event as a recovery log keeps it: its JSON array ({@code ["event", ...args]}, with attachment
     * placeholders) and its attachments; the arguments are parsed only if someone asks for them.
     */
    public static PreparedEvent fromLog(String namespace, String event, String array, List<byte[]> attachments) {
        return new PreparedEvent(header(namespace, attachments.size()), array, List.copyOf(attachments), event, null);
    }

    /** The event name. */
    public String event() {
        return event;
    }

    /** The JSON array {@code ["event", ...args]}, placeholders in place of attachments. */
    public String array() {
        return array;
    }

    /** The binary attachments, in placeholder order. */
    public List<byte[]> attachments() {
        return attachments;
    }

    /** The arguments, without an offset; parsed from the JSON for an event read from a log. */
    public List<Object> args() {
        return args != null ? args : parseArgs();
    }

    /** The packet with {@code offset} as its last argument. {@code offset} is sent as it is: no quote, no backslash. */
    public EncodedPacket withOffset(String offset) {
        StringBuilder text = new StringBuilder(header.length() + array.length() + offset.length() + 4);
        text.append(header)
                .append(array, 0, array.length() - 1)
                .append(",\"")
                .append(offset)
                .append("\"]");
        return args != null
                ? new EncodedPacket(text.toString(), attachments, event, args)
                : new EncodedPacket(text.toString(), attachments, event, this::parseArgs);
    }

    /** The packet without an offset: what a client gets when the emit could not be recorded. */
    public EncodedPacket plain() {
        String text = header + array;
        return args != null
                ? new EncodedPacket(text, attachments, event, args)
                : new EncodedPacket(text, attachments, event, this::parseArgs);
    }

    /** The size of the packet's text and attachments, for bounding what a log keeps. */
    public int size() {
        int size = header.length() + array.length();
        for (byte[] attachment : attachments) {
            size += attachment.length;
        }
        return size;
    }

    private static String header(String namespace, int attachmentCount) {
        StringBuilder header = new StringBuilder(namespace.length() + 6);
        if (attachmentCount == 0) {
            header.append(SocketIoPacketType.EVENT.code());
        } else {
            header.append(SocketIoPacketType.BINARY_EVENT.code())
                    .append(attachmentCount)
                    .append('-');
        }
        if (!"/".equals(namespace)) {
            header.append(namespace).append(',');
        }
        return header.toString();
    }

    private List<Object> parseArgs() {
        try {
            List<?> data = Json.MAPPER.readValue(array, List.class);
            List<Object> parsed = new ArrayList<>(Math.max(0, data.size() - 1));
            for (int i = 1; i < data.size(); i++) {
                parsed.add(withAttachments(data.get(i)));
            }
            return parsed;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a recorded event is not JSON: " + e.getMessage(), e);
        }
    }

    private Object withAttachments(Object value) {
        if (value instanceof Map<?, ?> map) {
            if (Boolean.TRUE.equals(map.get(SocketIoDecoder.PLACEHOLDER)) && map.get("num") instanceof Number n) {
                int num = n.intValue();
                return num >= 0 && num < attachments.size() ? attachments.get(num) : null;
            }
            Map<Object, Object> copy = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, withAttachments(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(withAttachments(v)));
            return copy;
        }
        return value;
    }
}
