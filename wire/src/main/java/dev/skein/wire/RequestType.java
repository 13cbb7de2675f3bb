package dev.skein.wire;

/** The request and response codes of the official adapter (8.x). */
public enum RequestType {
    /** The ids of the sockets in some rooms; no longer sent by 4.x servers, still answered. */
    SOCKETS(0),
    ALL_ROOMS(1),
    REMOTE_JOIN(2),
    REMOTE_LEAVE(3),
    REMOTE_DISCONNECT(4),
    REMOTE_FETCH(5),
    SERVER_SIDE_EMIT(6),
    BROADCAST(7),
    BROADCAST_CLIENT_COUNT(8),
    BROADCAST_ACK(9);

    private final int code;

    RequestType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /**
     * The type of {@code code}.
     *
     * @throws MalformedMessageException for an unknown code
     */
    public static RequestType of(int code) throws MalformedMessageException {
        for (RequestType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new MalformedMessageException("unknown request type " + code);
    }
}
