package dev.skein.nettysocketio;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * netty-socketio's session ids ({@link UUID}s) for Skein's socket ids (20 characters of base64url, 120 random
 * bits): the socket id's bits are laid into a version-4 UUID, so the two convert both ways without a table. An id
 * of another shape (not Skein's) gets a name-based UUID, which converts one way only. Pure functions.
 */
public final class SessionIds {
    private static final int ID_BYTES = 15;
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private SessionIds() {}

    /** The session id of the socket {@code socketId}. */
    public static UUID of(String socketId) {
        byte[] bits = decode(socketId);
        if (bits == null) {
            return UUID.nameUUIDFromBytes(socketId.getBytes(StandardCharsets.UTF_8));
        }
        ByteBuffer buffer = ByteBuffer.allocate(16);
        // bytes 0-5, then the version nibble 4 and 4 bits, then the variant bits 10 and 6 bits: 120 bits in all
        buffer.put(bits, 0, 6);
        buffer.put((byte) (0x40 | ((bits[6] >>> 4) & 0x0f)));
        buffer.put((byte) (((bits[6] & 0x0f) << 4) | ((bits[7] >>> 4) & 0x0f)));
        buffer.put((byte) (0x80 | ((bits[7] & 0x0f) << 2) | ((bits[8] >>> 6) & 0x03)));
        buffer.put((byte) (((bits[8] & 0x3f) << 2) | 0x03));
        buffer.put(bits, 9, 6);
        buffer.flip();
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    /** The socket id whose session id is {@code sessionId}, or {@code null} when it is not one of {@link #of}'s. */
    public static String socketId(UUID sessionId) {
        if (sessionId.version() != 4 || sessionId.variant() != 2) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.allocate(16)
                .putLong(sessionId.getMostSignificantBits())
                .putLong(sessionId.getLeastSignificantBits());
        byte[] uuid = buffer.array();
        if ((uuid[9] & 0x03) != 0x03) {
            return null;
        }
        byte[] bits = new byte[ID_BYTES];
        System.arraycopy(uuid, 0, bits, 0, 6);
        bits[6] = (byte) (((uuid[6] & 0x0f) << 4) | ((uuid[7] >>> 4) & 0x0f));
        bits[7] = (byte) (((uuid[7] & 0x0f) << 4) | ((uuid[8] >>> 2) & 0x0f));
        bits[8] = (byte) (((uuid[8] & 0x03) << 6) | ((uuid[9] >>> 2) & 0x3f));
        System.arraycopy(uuid, 10, bits, 9, 6);
        return ENCODER.encodeToString(bits);
    }

    private static byte[] decode(String socketId) {
        if (socketId == null || socketId.length() != 20) {
            return null;
        }
        try {
            byte[] bits = DECODER.decode(socketId);
            return bits.length == ID_BYTES ? bits : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
