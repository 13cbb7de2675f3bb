package dev.skein.wire;

import java.util.Set;

/**
 * The event names Socket.IO uses itself, which applications, emitters and pushes may not emit; the
 * official server, client and emitter refuse the same ones.
 */
public final class ReservedEvents {
    private static final Set<String> NAMES =
            Set.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

    private ReservedEvents() {}

    public static boolean isReserved(String event) {
        return NAMES.contains(event);
    }

    /**
     * Checks an event name before it is sent.
     *
     * @throws IllegalArgumentException for {@code null} or a reserved name
     */
    public static void check(String event) {
        if (event == null || NAMES.contains(event)) {
            throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
        }
    }
}
