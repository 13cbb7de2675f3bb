package dev.skein.demo;

import dev.skein.socket.Args;
import java.util.Map;

/** Reads the demo's event payloads, {@code {data, room}}, without trusting them. */
final class DemoInput {
    static final int MAX_ROOM_LENGTH = 64;
    static final String ROOM_RULE = "room must be a non-empty string of at most " + MAX_ROOM_LENGTH + " characters";

    private DemoInput() {}

    /** The {@code room} field of the first argument, or {@code null} when missing or unusable. */
    static String room(Args args) {
        Object room = field(args, "room");
        if (room instanceof String s && !s.isBlank() && s.length() <= MAX_ROOM_LENGTH) {
            return s;
        }
        return null;
    }

    /** The {@code data} field of the first argument, or the argument itself when it is not an object. */
    static Object data(Args args) {
        Object first = args.get(0);
        return first instanceof Map<?, ?> map ? map.get("data") : first;
    }

    private static Object field(Args args, String name) {
        return args.get(0) instanceof Map<?, ?> map ? map.get(name) : null;
    }
}
