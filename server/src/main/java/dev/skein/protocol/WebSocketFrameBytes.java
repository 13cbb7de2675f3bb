package dev.skein.protocol;

/**
 * A server's websocket frame as bytes (RFC 6455, FIN set, unmasked, no extension): the same bytes serve
 * every client, so a broadcast is framed once.
 */
public final class WebSocketFrameBytes {
    /** The opcode of a text frame. */
    public static final int TEXT = 0x1;
    /** The opcode of a binary frame. */
    public static final int BINARY = 0x2;

    private WebSocketFrameBytes() {}

    /** A whole frame of {@code opcode} whose payload is {@code prefix} (may be empty) then {@code payload}. */
    public static byte[] frame(int opcode, byte[] prefix, byte[] payload) {
        int length = prefix.length + payload.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        byte[] frame = new byte[header + length];
        frame[0] = (byte) (0x80 | opcode);
        if (length < 126) {
            frame[1] = (byte) length;
        } else if (length <= 0xFFFF) {
            frame[1] = 126;
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = 127;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
        }
        System.arraycopy(prefix, 0, frame, header, prefix.length);
        System.arraycopy(payload, 0, frame, header + prefix.length, payload.length);
        return frame;
    }
}
