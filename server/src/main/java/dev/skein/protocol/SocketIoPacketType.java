package dev.skein.protocol;

/** The seven Socket.IO v5 packet types, by their wire digit. */
public enum SocketIoPacketType {
    CONNECT,
    DISCONNECT,
    EVENT,
    ACK,
    CONNECT_ERROR,
    BINARY_EVENT,
    BINARY_ACK;

    private static final SocketIoPacketType[] BY_CODE = values();

    /** The wire digit, {@code 0} to {@code 6}. */
    public int code() {
        return ordinal();
    }

    /**
     * The type for a wire character.
     *
     * @throws ProtocolException if {@code c} is not {@code '0'..'6'}
     */
    public static SocketIoPacketType fromChar(char c) throws ProtocolException {
        int code = c - '0';
        if (code < 0 || code >= BY_CODE.length) {
            throw new ProtocolException("unknown packet type");
        }
        return BY_CODE[code];
    }

    boolean isBinary() {
        return this == BINARY_EVENT || this == BINARY_ACK;
    }
}
