package dev.skein.protocol;

/** The Engine.IO v4 packet types, by their wire digit. */
public enum EnginePacketType {
    OPEN,
    CLOSE,
    PING,
    PONG,
    MESSAGE,
    UPGRADE,
    NOOP;

    private static final EnginePacketType[] BY_CODE = values();

    public char code() {
        return (char) ('0' + ordinal());
    }

    /**
     * The type for a wire character.
     *
     * @throws ProtocolException if {@code c} is not {@code '0'..'6'}
     */
    public static EnginePacketType fromChar(char c) throws ProtocolException {
        int code = c - '0';
        if (code < 0 || code >= BY_CODE.length) {
            throw new ProtocolException("unknown engine packet type");
        }
        return BY_CODE[code];
    }
}
