package dev.skein.nettysocketio;

import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import java.util.List;

/** The name and arguments of an event in netty-socketio's {@link Packet}, for its {@code send(Packet)} methods. */
final class EventPackets {
    private EventPackets() {}

    /**
     * The event's name.
     *
     * @param accepted what the caller takes, for the message when {@code packet} is no event
     * @throws IllegalArgumentException when {@code packet} is no MESSAGE/EVENT
     */
    static String eventName(Packet packet, String accepted) {
        if (packet.getType() != PacketType.MESSAGE || packet.getSubType() != PacketType.EVENT) {
            throw new IllegalArgumentException("packet : " + packet.getType() + "/" + packet.getSubType()
                    + " (expected: " + accepted + "; Skein's engine writes every other packet)");
        }
        return packet.getName();
    }

    /** The event's arguments: its data as a list, one argument, or none. */
    static Object[] eventData(Packet packet) {
        Object data = packet.getData();
        if (data == null) {
            return new Object[0];
        }
        return data instanceof List<?> list ? list.toArray() : new Object[] {data};
    }
}
