package dev.skein.socket;

import java.util.Set;

/**
 * Event names that Socket.IO uses itself and applications may not emit: those of {@link
 * dev.skein.wire.ReservedEvents}, and for {@code serverSideEmit} the official server's own list.
 */
final class ReservedEvents {
    /** The names the official server refuses for {@code serverSideEmit}. */
    private static final Set<String> SERVER_SIDE_NAMES = Set.of("connect", "connection", "new_namespace");

    private ReservedEvents() {}

    static void checkServerSide(String event) {
        if (event == null || SERVER_SIDE_NAMES.contains(event)) {
            throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
        }
    }

    static void check(String event) {
        dev.skein.wire.ReservedEvents.check(event);
    }
}
