package dev.skein.engine;

import dev.skein.protocol.EncodedPacket;
import dev.skein.protocol.EngineFrame;
import dev.skein.protocol.EnginePacketType;
import dev.skein.protocol.LegacyPayload;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * Writes what a connection sends: an encoded Socket.IO packet as websocket frames (its text, then its
 * attachments; the shared bytes wrapped, never copied in Java), or a long-poll's queue as one Engine.IO
 * payload (v4: {@code 0x1e}-separated, attachments as {@code b<base64>}; v3: {@link LegacyPayload}).
 * Thread-safe.
 */
final class Frames {
    private static final byte[] LEGACY_BINARY_PREFIX = {4};
    private static final String NOOP = String.valueOf(EnginePacketType.NOOP.code());

    /** A packet the application sent with {@code compress(false)}: never compressed on the wire. */
    record Uncompressed(EncodedPacket packet) {}

    private final boolean compression;

    /** @param compression whether websockets may have negotiated permessage-deflate (frames then go one by one) */
    Frames(boolean compression) {
        this.compression = compression;
    }

    /**
     * Writes {@code packet} (an {@link EncodedPacket}, {@link Uncompressed}, Engine.IO text or a binary
     * message) to a websocket.
     */
    void write(Channel channel, Object packet, boolean eio3) {
        if (packet instanceof EncodedPacket encoded) {
            writeEncoded(channel, encoded, eio3, true);
        } else if (packet instanceof Uncompressed uncompressed) {
            writeEncoded(channel, uncompressed.packet(), eio3, false);
        } else if (packet instanceof byte[] binary) {
            channel.write(new BinaryWebSocketFrame(binaryMessage(binary, eio3)));
        } else if (!NOOP.equals(packet)) {
            // a NOOP only releases a long-poll; one still queued at the upgrade ends here
            channel.write(new TextWebSocketFrame((String) packet));
        }
    }

    private void writeEncoded(Channel channel, EncodedPacket encoded, boolean eio3, boolean compress) {
        if (!compression && !eio3) {
            // framed once for every client: the bytes go past the websocket encoder as they are
            for (byte[] frame : encoded.websocketFrames()) {
                channel.write(Unpooled.wrappedBuffer(frame));
            }
            return;
        }
        channel.write(UncompressedFrames.text(Unpooled.wrappedBuffer(encoded.engineMessageBytes()), compress));
        for (byte[] attachment : encoded.attachments()) {
            ByteBuf data = eio3
                    ? Unpooled.wrappedBuffer(LEGACY_BINARY_PREFIX, attachment)
                    : Unpooled.wrappedBuffer(attachment);
            channel.write(UncompressedFrames.binary(data, compress));
        }
    }

    /** Whether {@code packet} (as queued) carries a Socket.IO event. */
    static boolean isEvent(Object packet) {
        EncodedPacket encoded = encoded(packet);
        return encoded != null && encoded.event() != null;
    }

    /** A binary message's websocket payload: Engine.IO v3 prefixes its packet type, 4. */
    private static ByteBuf binaryMessage(byte[] binary, boolean eio3) {
        return eio3 ? Unpooled.wrappedBuffer(LEGACY_BINARY_PREFIX, binary) : Unpooled.wrappedBuffer(binary);
    }

    /** Bytes {@code packet} takes on the wire, for the metrics. */
    static int wireSize(Object packet) {
        if (packet instanceof EncodedPacket encoded) {
            return encoded.wireSize();
        }
        if (packet instanceof Uncompressed uncompressed) {
            return uncompressed.packet().wireSize();
        }
        if (packet instanceof byte[] binary) {
            return binary.length;
        }
        return ((String) packet).length();
    }

    /** Drains {@code queue} into one payload, stopping before it would pass {@code maxPayloadBytes}. */
    ByteBuf pollingPayload(ArrayDeque<Object> queue, boolean eio3, int maxPayloadBytes) {
        StringBuilder payload = new StringBuilder();
        for (Object packet = queue.peek(); packet != null; packet = queue.peek()) {
            String segment = eio3 ? legacySegment(packet) : segment(packet);
            int separator = eio3 || payload.length() == 0 ? 0 : 1;
            if (payload.length() > 0 && payload.length() + segment.length() + separator > maxPayloadBytes) {
                break;
            }
            queue.poll();
            if (separator == 1) {
                payload.append(EngineFrame.RECORD_SEPARATOR);
            }
            payload.append(segment);
        }
        return Unpooled.wrappedBuffer(payload.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String segment(Object packet) {
        EncodedPacket encoded = encoded(packet);
        if (encoded == null) {
            return packet instanceof byte[] binary ? EncodedPacket.pollingBinary(binary) : (String) packet;
        }
        if (!encoded.hasAttachments()) {
            return encoded.engineText();
        }
        StringBuilder segment = new StringBuilder(encoded.engineText());
        for (byte[] attachment : encoded.attachments()) {
            segment.append(EngineFrame.RECORD_SEPARATOR).append(EncodedPacket.pollingBinary(attachment));
        }
        return segment.toString();
    }

    /** Engine.IO v3: every packet as {@code <length>:<packet>}, binary ones as {@code b4<base64>}. */
    private static String legacySegment(Object packet) {
        EncodedPacket encoded = encoded(packet);
        if (encoded == null) {
            return packet instanceof byte[] binary
                    ? LegacyPayload.binarySegment(binary)
                    : LegacyPayload.segment((String) packet);
        }
        StringBuilder segment = new StringBuilder(LegacyPayload.segment(encoded.engineText()));
        for (byte[] attachment : encoded.attachments()) {
            segment.append(LegacyPayload.binarySegment(attachment));
        }
        return segment.toString();
    }

    private static EncodedPacket encoded(Object packet) {
        if (packet instanceof EncodedPacket encoded) {
            return encoded;
        }
        return packet instanceof Uncompressed uncompressed ? uncompressed.packet() : null;
    }
}
