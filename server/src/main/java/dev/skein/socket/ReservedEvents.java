package dev.skein.socket;

import java.util.Set;

/** Event names that Socket.IO uses itself and applications may not emit. */
final class ReservedEvents {
    private static final Set<String> NAMES =
            Set.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

    private ReservedEvents() {}

    static void check(String event) {
        if (event == null || NAMES.contains(event)) {
            throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
        }
    }
}
