package dev.skein.engine;

import com.corundumstudio.socketio.protocol.AuthPacket;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import dev.skein.config.SkeinConfig;
import dev.skein.protocol.EnginePacketType;
import dev.skein.protocol.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes the Engine.IO packets that netty-socketio itself queues (handshake, heartbeat, noop, close,
 * and the DISCONNECT it sends when a websocket drops) as Engine.IO text. The handshake announces
 * Skein's heartbeat and {@code maxPayload}, not the values netty-socketio was configured with.
 */
final class EnginePackets {
    private final int maxPayloadBytes;
    private final long pingIntervalMillis;
    private final long pingTimeoutMillis;

    EnginePackets(SkeinConfig config) {
        this.maxPayloadBytes = config.maxPayloadBytes();
        this.pingIntervalMillis = config.pingInterval().toMillis();
        this.pingTimeoutMillis = config.pingTimeout().toMillis();
    }

    /**
     * Whether Skein drops {@code packet}: netty-socketio's automatic CONNECT of {@code "/"} for
     * Engine.IO v3 clients, which Skein's own session sends once the namespace admits the client.
     */
    static boolean isSuperseded(Packet packet) {
        return packet.getType() == PacketType.MESSAGE && packet.getSubType() == PacketType.CONNECT;
    }

    String encode(Packet packet) {
        PacketType type = packet.getType();
        return switch (type) {
            case OPEN -> EnginePacketType.OPEN.code() + handshake(packet.getData(), packet.getEngineIOVersion());
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

    private String handshake(AuthPacket auth, EngineIOVersion version) {
        Map<String, Object> open = new LinkedHashMap<>();
        open.put("sid", auth.getSid().toString());
        open.put("upgrades", List.of(auth.getUpgrades()));
        open.put("pingInterval", pingIntervalMillis);
        open.put("pingTimeout", pingTimeoutMillis);
        if (version != EngineIOVersion.V3) {
            open.put("maxPayload", maxPayloadBytes);
        }
        try {
            return Json.MAPPER.writeValueAsString(open);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
