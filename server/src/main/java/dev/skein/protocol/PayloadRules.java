package dev.skein.protocol;

import dev.skein.wire.ReservedEvents;
import java.util.List;
import java.util.Map;

/**
 * What payload each packet type may carry, as the Socket.IO v5 specification says, and as the official
 * parser checks: an event's name is a string and not one of the names Socket.IO uses itself.
 */
final class PayloadRules {
    private PayloadRules() {}

    static void check(SocketIoPacketType type, Object payload) throws ProtocolException {
        boolean valid =
                switch (type) {
                    case CONNECT -> payload == null || payload instanceof Map;
                    case DISCONNECT -> payload == null;
                    case CONNECT_ERROR -> payload instanceof String || payload instanceof Map;
                    case EVENT, BINARY_EVENT -> isEventArray(payload);
                    case ACK, BINARY_ACK -> payload instanceof List;
                };
        if (!valid) {
            throw new ProtocolException("invalid payload for " + type);
        }
        if ((type == SocketIoPacketType.EVENT || type == SocketIoPacketType.BINARY_EVENT)
                && ReservedEvents.isReserved((String) ((List<?>) payload).get(0))) {
            throw new ProtocolException("reserved event", "reserved event name");
        }
    }

    private static boolean isEventArray(Object payload) {
        return payload instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof String;
    }
}
