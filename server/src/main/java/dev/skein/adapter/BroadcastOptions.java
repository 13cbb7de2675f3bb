package dev.skein.adapter;

import java.util.Set;

/**
 * Whom a broadcast reaches: the sockets in any of {@code rooms} (all sockets when empty) that are in
 * none of {@code except}. A socket id is a room too. Immutable.
 *
 * @param rooms the target rooms, empty for every socket of the namespace
 * @param except the rooms whose sockets are left out
 * @param flags how the packet travels
 */
public record BroadcastOptions(Set<String> rooms, Set<String> except, BroadcastFlags flags) {
    public BroadcastOptions {
        rooms = Set.copyOf(rooms);
        except = Set.copyOf(except);
        java.util.Objects.requireNonNull(flags, "flags");
    }
}
