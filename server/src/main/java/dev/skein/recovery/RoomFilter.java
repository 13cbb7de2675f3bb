package dev.skein.recovery;

import java.util.Set;

/** Whether a recorded packet was meant for a session's socket, from the rooms it is in (the official rule). */
final class RoomFilter {
    private RoomFilter() {}

    /**
     * True when {@code rooms} is empty (the whole namespace) or holds one of {@code socketRooms}, and {@code
     * except} holds none of them.
     */
    static boolean selects(Set<String> rooms, Set<String> except, Set<String> socketRooms) {
        boolean included = rooms.isEmpty();
        for (String room : socketRooms) {
            if (except.contains(room)) {
                return false;
            }
            included = included || rooms.contains(room);
        }
        return included;
    }
}
