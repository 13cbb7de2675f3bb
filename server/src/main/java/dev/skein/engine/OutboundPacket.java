package dev.skein.engine;

import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import dev.skein.protocol.EncodedPacket;

/**
 * A Socket.IO packet already encoded by Skein, travelling through netty-socketio's per-client queues.
 * Many clients' queues may hold the same {@link EncodedPacket}; nothing here mutates it.
 */
final class OutboundPacket extends Packet {
    private static final long serialVersionUID = 1L;

    private final transient EncodedPacket encoded;
    private final boolean compress;

    /** @param compress whether websocket compression may apply to this delivery */
    OutboundPacket(EncodedPacket encoded, boolean compress) {
        super(PacketType.MESSAGE, EngineIOVersion.V4);
        this.encoded = encoded;
        this.compress = compress;
    }

    EncodedPacket encoded() {
        return encoded;
    }

    boolean compress() {
        return compress;
    }
}
