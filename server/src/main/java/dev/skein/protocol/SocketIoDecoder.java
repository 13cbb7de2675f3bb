package dev.skein.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes the Socket.IO packets of one connection, putting binary attachments back in place.
 *
 * <p>Stateful: a BINARY_EVENT or BINARY_ACK header is held until its attachments have arrived, so one
 * decoder belongs to one connection. Not thread-safe; callers serialize access per connection.
 */
public final class SocketIoDecoder {
    /** More attachments than this in one packet is refused rather than buffered. */
    public static final int MAX_ATTACHMENTS = 256;

    private PendingBinary pending;

    /**
     * Decodes a text packet.
     *
     * @return the packet, or empty when it waits for binary attachments
     * @throws ProtocolException if the packet breaks the protocol, or attachments were expected
     */
    public Optional<SocketIoPacket> decodeText(String text) throws ProtocolException {
        if (pending != null) {
            throw new ProtocolException("text packet while waiting for binary attachments");
        }
        TextPacketReader reader = new TextPacketReader(text);
        SocketIoPacketType type = reader.type();
        int attachments = type.isBinary() ? reader.attachmentCount(MAX_ATTACHMENTS) : 0;
        String namespace = reader.namespace();
        long ackId = reader.ackId();
        Object payload = reader.payload();
        PayloadRules.check(type, payload);
        if (type.isBinary() && attachments > 0) {
            pending = new PendingBinary(type, namespace, ackId, payload, attachments);
            return Optional.empty();
        }
        return Optional.of(new SocketIoPacket(plain(type), namespace, ackId, payload));
    }

    /**
     * Takes the next binary attachment of the packet being reassembled.
     *
     * @return the whole packet once its last attachment arrived, else empty
     * @throws ProtocolException if no attachment was expected, or a placeholder does not match
     */
    public Optional<SocketIoPacket> decodeBinary(byte[] attachment) throws ProtocolException {
        if (pending == null) {
            throw new ProtocolException("unexpected binary attachment");
        }
        pending.buffers.add(attachment);
        if (pending.buffers.size() < pending.expected) {
            return Optional.empty();
        }
        PendingBinary done = pending;
        pending = null;
        Object data = reconstruct(done.payload, done.buffers);
        return Optional.of(new SocketIoPacket(plain(done.type), done.namespace, done.ackId, data));
    }

    /** Whether a binary packet is waiting for attachments. */
    public boolean awaitingAttachments() {
        return pending != null;
    }

    private static SocketIoPacketType plain(SocketIoPacketType type) {
        return switch (type) {
            case BINARY_EVENT -> SocketIoPacketType.EVENT;
            case BINARY_ACK -> SocketIoPacketType.ACK;
            default -> type;
        };
    }

    private static Object reconstruct(Object node, List<byte[]> buffers) throws ProtocolException {
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(reconstruct(item, buffers));
            }
            return out;
        }
        if (node instanceof Map<?, ?> map) {
            if (Boolean.TRUE.equals(map.get("_placeholder"))) {
                return attachment(map.get("num"), buffers);
            }
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put((String) e.getKey(), reconstruct(e.getValue(), buffers));
            }
            return out;
        }
        return node;
    }

    private static byte[] attachment(Object num, List<byte[]> buffers) throws ProtocolException {
        if (num instanceof Integer index && index >= 0 && index < buffers.size()) {
            return buffers.get(index);
        }
        throw new ProtocolException("illegal attachment placeholder");
    }

    private static final class PendingBinary {
        final SocketIoPacketType type;
        final String namespace;
        final long ackId;
        final Object payload;
        final int expected;
        final List<byte[]> buffers = new ArrayList<>();

        PendingBinary(SocketIoPacketType type, String namespace, long ackId, Object payload, int expected) {
            this.type = type;
            this.namespace = namespace;
            this.ackId = ackId;
            this.payload = payload;
            this.expected = expected;
        }
    }
}
