package dev.skein.socket;

/**
 * A socket would be in more rooms than {@code SKEIN_MAX_ROOMS_PER_SOCKET} allows; it joined none of those it
 * asked for. Like {@link java.util.Queue#add} on a full queue, an {@link IllegalStateException}.
 */
public final class RoomLimitException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final int limit;

    RoomLimitException(int limit) {
        super("too many rooms (at most " + limit + " per socket, SKEIN_MAX_ROOMS_PER_SOCKET)");
        this.limit = limit;
    }

    /** The most rooms a socket may be in, its own room not counted. */
    public int limit() {
        return limit;
    }
}
