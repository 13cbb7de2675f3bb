package dev.skein.bench.load;

import java.nio.charset.StandardCharsets;

/** A benchmark message a client sends: the demo's {@code my_room_event}, stamped when it is written. */
@FunctionalInterface
public interface Message {
    /** Writes (without flushing) one message to {@code session}; returns its stamp ({@code System.nanoTime()}). */
    long writeTo(Session session);

    /** {@code my_room_event {room, data: "<marker>"}} with the marker padded to {@code dataBytes}. */
    static Message roomEvent(String room, int dataBytes) {
        String prefix = "42[\"my_room_event\",{\"room\":\"" + room + "\",\"data\":\"";
        return session -> {
            long stamp = System.nanoTime();
            session.write(prefix + LatencyMarker.at(stamp, dataBytes) + "\"}]");
            return stamp;
        };
    }

    /** {@code my_room_event {room, data: <binary: the marker padded to dataBytes>}}. */
    static Message binaryRoomEvent(String room, int dataBytes) {
        String header =
                "451-[\"my_room_event\",{\"room\":\"" + room + "\",\"data\":{\"_placeholder\":true,\"num\":0}}]";
        return session -> {
            long stamp = System.nanoTime();
            session.write(header);
            session.writeAttachment(LatencyMarker.at(stamp, dataBytes).getBytes(StandardCharsets.US_ASCII));
            return stamp;
        };
    }
}
