package dev.skein.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One Engine.IO v4 packet as received: a text packet ({@code <type digit><data>}) or a binary message.
 *
 * @param text the text packet, {@code null} for binary
 * @param binary the binary message, {@code null} for text
 */
public record EngineFrame(String text, byte[] binary) {
    /** Separates packets in an HTTP long-polling payload. */
    public static final char RECORD_SEPARATOR = '\u001e';

    public static EngineFrame text(String text) {
        return new EngineFrame(text, null);
    }

    public static EngineFrame binary(byte[] bytes) {
        return new EngineFrame(null, bytes);
    }

    public boolean isBinary() {
        return binary != null;
    }

    /**
     * The Engine.IO packet type of a text frame.
     *
     * @throws ProtocolException if the frame is empty or its type is not {@code 0..6}
     */
    public EnginePacketType type() throws ProtocolException {
        if (text.isEmpty()) {
            throw new ProtocolException("empty engine packet");
        }
        return EnginePacketType.fromChar(text.charAt(0));
    }

    /** The data after the type digit of a text frame. */
    public String data() {
        return text.substring(1);
    }

    /**
     * Splits an HTTP long-polling payload: packets separated by {@code 0x1e}, binary ones as
     * {@code b<base64>}.
     *
     * @throws ProtocolException if a binary segment is not valid base64
     */
    public static List<EngineFrame> splitPayload(byte[] body) throws ProtocolException {
        String payload = new String(body, StandardCharsets.UTF_8);
        List<EngineFrame> frames = new ArrayList<>();
        int start = 0;
        while (start <= payload.length()) {
            int end = payload.indexOf(RECORD_SEPARATOR, start);
            String segment = payload.substring(start, end < 0 ? payload.length() : end);
            frames.add(segment(segment));
            if (end < 0) {
                break;
            }
            start = end + 1;
        }
        return frames;
    }

    private static EngineFrame segment(String segment) throws ProtocolException {
        if (!segment.startsWith("b")) {
            return text(segment);
        }
        try {
            return binary(Base64.getDecoder().decode(segment.substring(1)));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("invalid base64 in polling payload");
        }
    }
}
