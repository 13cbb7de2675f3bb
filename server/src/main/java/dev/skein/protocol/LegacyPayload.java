package dev.skein.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Engine.IO v3 long-polling payloads ({@code socket.io-client} 2.x). Text form: each packet as {@code
 * <length>:<packet>}, the length counted in UTF-16 units, a binary packet as {@code b4<base64>}. Binary
 * form (what a v2 client posts when a packet is binary): each packet as a kind byte ({@code 0} text,
 * {@code 1} binary), its length as one byte per decimal digit, {@code 0xFF}, then the packet. Stateless.
 */
public final class LegacyPayload {
    private static final int MAX_LENGTH_DIGITS = 10;

    private LegacyPayload() {}

    /** A text packet as a payload segment. */
    public static String segment(String packet) {
        return packet.length() + ":" + packet;
    }

    /** A binary message as a payload segment: {@code b4<base64>}. */
    public static String binarySegment(byte[] message) {
        return segment("b4" + Base64.getEncoder().encodeToString(message));
    }

    /**
     * Splits a payload a v2 client posted, in either form.
     *
     * @throws ProtocolException if it is malformed
     */
    public static List<EngineFrame> decode(byte[] body) throws ProtocolException {
        if (body.length == 0) {
            throw new ProtocolException("empty payload");
        }
        return body[0] == 0 || body[0] == 1 ? decodeBinary(body) : decodeText(new String(body, StandardCharsets.UTF_8));
    }

    private static List<EngineFrame> decodeText(String payload) throws ProtocolException {
        List<EngineFrame> frames = new ArrayList<>();
        int at = 0;
        while (at < payload.length()) {
            int colon = payload.indexOf(':', at);
            if (colon < 0 || colon == at || colon - at > MAX_LENGTH_DIGITS) {
                throw new ProtocolException("invalid payload length");
            }
            int length = parseLength(payload.substring(at, colon));
            int end = colon + 1 + length;
            if (length == 0 || end > payload.length()) {
                throw new ProtocolException("payload length out of range");
            }
            frames.add(textPacket(payload.substring(colon + 1, end)));
            at = end;
        }
        return frames;
    }

    private static EngineFrame textPacket(String packet) throws ProtocolException {
        if (!packet.startsWith("b")) {
            return EngineFrame.text(packet);
        }
        if (packet.length() < 2 || packet.charAt(1) != '4') {
            throw new ProtocolException("binary packet that is not a message");
        }
        try {
            return EngineFrame.binary(Base64.getDecoder().decode(packet.substring(2)));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("invalid base64 in payload");
        }
    }

    private static List<EngineFrame> decodeBinary(byte[] body) throws ProtocolException {
        List<EngineFrame> frames = new ArrayList<>();
        int at = 0;
        while (at < body.length) {
            boolean text = body[at++] == 0;
            long length = 0;
            int digits = 0;
            while (at < body.length && (body[at] & 0xFF) != 0xFF) {
                int digit = body[at++];
                if (digit < 0 || digit > 9 || ++digits > MAX_LENGTH_DIGITS) {
                    throw new ProtocolException("invalid binary payload length");
                }
                length = length * 10 + digit;
            }
            at++;
            if (digits == 0 || length == 0 || at + length > body.length) {
                throw new ProtocolException("binary payload length out of range");
            }
            frames.add(binaryPayloadPacket(body, at, (int) length, text));
            at += (int) length;
        }
        return frames;
    }

    private static EngineFrame binaryPayloadPacket(byte[] body, int at, int length, boolean text)
            throws ProtocolException {
        if (text) {
            return EngineFrame.text(new String(body, at, length, StandardCharsets.UTF_8));
        }
        if (body[at] != 4) {
            throw new ProtocolException("binary packet that is not a message");
        }
        byte[] message = new byte[length - 1];
        System.arraycopy(body, at + 1, message, 0, length - 1);
        return EngineFrame.binary(message);
    }

    private static int parseLength(String digits) throws ProtocolException {
        // digits only: Integer.parseInt also takes a sign, and a negative length would cut backwards
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                throw new ProtocolException("invalid payload length");
            }
        }
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new ProtocolException("invalid payload length");
        }
    }
}
