package dev.skein.adapter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code fetchSockets} reports of one socket, on this node or another, in the shape the official
 * adapter sends between nodes. Immutable (its maps are copied; nested values are taken as given).
 *
 * @param id the socket id
 * @param handshake the handshake as the official server describes it: {@code headers}, {@code time},
 *     {@code address}, {@code xdomain}, {@code secure}, {@code issued}, {@code url}, {@code query},
 *     {@code auth}
 * @param rooms the rooms the socket is in, its own room included
 * @param data the application data attached to the socket (a JSON value, usually an object)
 */
public record SocketSnapshot(String id, Map<String, Object> handshake, Set<String> rooms, Object data) {
    public SocketSnapshot {
        Objects.requireNonNull(id, "id");
        handshake = Collections.unmodifiableMap(new LinkedHashMap<>(handshake));
        rooms = Collections.unmodifiableSet(new LinkedHashSet<>(rooms));
    }
}
