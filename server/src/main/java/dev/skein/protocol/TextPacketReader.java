package dev.skein.protocol;

import com.fasterxml.jackson.databind.ObjectReader;

/** Reads the fields of one Socket.IO text packet, left to right: type, attachments, namespace, ack id, payload. */
final class TextPacketReader {
    private static final int MAX_ACK_ID_DIGITS = 15;

    private final String text;
    private final ObjectReader json;
    private int pos;

    TextPacketReader(String text, ObjectReader json) {
        this.text = text;
        this.json = json;
    }

    SocketIoPacketType type() throws ProtocolException {
        if (text.isEmpty()) {
            throw new ProtocolException("empty packet");
        }
        return SocketIoPacketType.fromChar(text.charAt(pos++));
    }

    int attachmentCount(int max) throws ProtocolException {
        int start = pos;
        while (pos < text.length() && isDigit(text.charAt(pos)) && pos - start < 4) {
            pos++;
        }
        if (pos == start || pos >= text.length() || text.charAt(pos) != '-') {
            throw new ProtocolException("illegal attachments");
        }
        int count = Integer.parseInt(text, start, pos, 10);
        pos++;
        if (count > max) {
            throw new ProtocolException("attachments", "too many attachments");
        }
        return count;
    }

    String namespace() {
        if (pos >= text.length() || text.charAt(pos) != '/') {
            return "/";
        }
        int comma = text.indexOf(',', pos);
        int end = comma < 0 ? text.length() : comma;
        String nsp = text.substring(pos, end);
        pos = comma < 0 ? end : end + 1;
        return nsp;
    }

    long ackId() throws ProtocolException {
        int start = pos;
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            return SocketIoPacket.NO_ACK;
        }
        if (pos - start > MAX_ACK_ID_DIGITS) {
            throw new ProtocolException("illegal ack id");
        }
        return Long.parseLong(text, start, pos, 10);
    }

    /** The JSON payload, or {@code null} when the packet has none. */
    Object payload() throws ProtocolException {
        if (pos >= text.length()) {
            return null;
        }
        Object value = Json.read(json, text.substring(pos));
        if (value == null) {
            throw new ProtocolException("null payload");
        }
        return value;
    }

    /** Whether the payload may hold a {@code _placeholder} key: written as such, or with a JSON escape. */
    boolean payloadMayHoldPlaceholder(int from) {
        return text.indexOf("_placeholder", from) >= 0 || text.indexOf("\\u", from) >= 0;
    }

    int position() {
        return pos;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
