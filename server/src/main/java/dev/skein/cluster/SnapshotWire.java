package dev.skein.cluster;

import dev.skein.adapter.SocketSnapshot;
import dev.skein.wire.MalformedMessageException;
import dev.skein.wire.WireFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link SocketSnapshot}s as a {@code fetchSockets} answer carries them: {@code {id, handshake, rooms, data}}. */
final class SnapshotWire {
    private SnapshotWire() {}

    static List<Map<String, Object>> toWire(List<SocketSnapshot> snapshots, boolean withData) {
        List<Map<String, Object>> sockets = new ArrayList<>(snapshots.size());
        for (SocketSnapshot snapshot : snapshots) {
            Map<String, Object> socket = new LinkedHashMap<>();
            socket.put("id", snapshot.id());
            socket.put("handshake", snapshot.handshake());
            socket.put("rooms", List.copyOf(snapshot.rooms()));
            socket.put("data", withData ? snapshot.data() : Map.of());
            sockets.add(socket);
        }
        return sockets;
    }

    /** The sockets of an answer; {@code handshake} and {@code data} are taken as sent. */
    static List<SocketSnapshot> fromWire(Object sockets) throws MalformedMessageException {
        List<SocketSnapshot> snapshots = new ArrayList<>();
        for (Object item : WireFields.list(sockets, "sockets")) {
            Map<String, Object> socket = WireFields.map(item, "socket");
            Map<String, Object> handshake =
                    socket.get("handshake") == null ? Map.of() : WireFields.map(socket.get("handshake"), "handshake");
            snapshots.add(new SocketSnapshot(
                    WireFields.string(socket.get("id"), "id"),
                    handshake,
                    WireFields.strings(socket.get("rooms"), "rooms"),
                    socket.get("data")));
        }
        return snapshots;
    }
}
