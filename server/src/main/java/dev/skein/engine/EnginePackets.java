package dev.skein.engine;

import com.corundumstudio.socketio.protocol.AuthPacket;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import dev.skein.protocol.EnginePacketType;
import dev.skein.protocol.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes the Engine.IO packets that netty-socketio itself queues (handshake, heartbeat, noop, close,
 * and the DISCONNECT it sends on a ping timeout) as Engine.IO v4 text.
 */
final class EnginePackets {
    private final int maxPayloadBytes;

    /** @param maxPayloadBytes the {@code maxPayload} announced in every handshake */
    EnginePackets(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    String encode(Packet packet) {
        PacketType type = packet.getType();
        return switch (type) {
            case OPEN -> EnginePacketType.OPEN.code() + handshake(packet.getData());
            case CLOSE -> String.valueOf(EnginePacketType.CLOSE.code());
            case PING -> EnginePacketType.PING.code() + dataOf(packet);
            case PONG -> EnginePacketType.PONG.code() + dataOf(packet);
            case NOOP -> String.valueOf(EnginePacketType.NOOP.code());
            case MESSAGE -> message(packet);
            default -> throw new IllegalStateException("netty-socketio queued an unexpected " + type + " packet");
        };
    }

    private static String message(Packet packet) {
        if (packet.getSubType() != PacketType.DISCONNECT) {
            throw new IllegalStateException("netty-socketio queued an unexpected " + packet.getSubType() + " message");
        }
        String nsp = packet.getNsp() == null || packet.getNsp().isEmpty() ? "/" : packet.getNsp();
        return "41" + ("/".equals(nsp) ? "" : nsp + ",");
    }

    private static String dataOf(Packet packet) {
        Object data = packet.getData();
        return data == null ? "" : data.toString();
    }

    private String handshake(AuthPacket auth) {
        Map<String, Object> open = new LinkedHashMap<>();
        open.put("sid", auth.getSid().toString());
        open.put("upgrades", List.of(auth.getUpgrades()));
        open.put("pingInterval", auth.getPingInterval());
        open.put("pingTimeout", auth.getPingTimeout());
        open.put("maxPayload", maxPayloadBytes);
        try {
            return Json.MAPPER.writeValueAsString(open);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
