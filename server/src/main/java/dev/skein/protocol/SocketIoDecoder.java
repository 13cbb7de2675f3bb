package dev.skein.protocol;

import com.fasterxml.jackson.databind.ObjectReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes the Socket.IO packets of one connection, putting binary attachments back in place.
 *
 * <p>Stateful: a BINARY_EVENT or BINARY_ACK header is held until its attachments have arrived, so one
 * decoder belongs to one connection. Not thread-safe; callers serialize access per connection.
 *
 * <p>Strict, within {@link DecoderLimits}: a packet announces at most {@code maxAttachments} attachments;
 * its placeholders ({@code {"_placeholder":true,"num":n}}) must name each announced attachment exactly once,
 * and a packet without attachments may hold none (the official parser would pass one on as a plain object,
 * which a later binary broadcast could turn into someone else's attachment); event names are strings and
 * not one of the reserved names ({@code connect}, {@code disconnect}, ...), as the official parser checks.
 */
public final class SocketIoDecoder {
    static final String PLACEHOLDER = "_placeholder";
    private static final String PLACEHOLDER_REASON = "placeholder";

    private final ObjectReader json;
    private final int maxAttachments;
    private PendingBinary pending;

    /** A decoder with the {@link DecoderLimits#DEFAULT default limits}. */
    public SocketIoDecoder() {
        this(DecoderLimits.DEFAULT);
    }

    public SocketIoDecoder(DecoderLimits limits) {
        this.json = Json.wireReader(limits);
        this.maxAttachments = limits.maxAttachments();
    }

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
        TextPacketReader reader = new TextPacketReader(text, json);
        SocketIoPacketType type = reader.type();
        int attachments = type.isBinary() ? reader.attachmentCount(maxAttachments) : 0;
        String namespace = reader.namespace();
        long ackId = reader.ackId();
        int payloadStart = reader.position();
        Object payload = reader.payload();
        PayloadRules.check(type, payload);
        if (type.isBinary()) {
            pending = new PendingBinary(type, namespace, ackId, payload, attachments);
            return attachments == 0 ? Optional.of(reassembled()) : Optional.empty();
        }
        if (payload != null && reader.payloadMayHoldPlaceholder(payloadStart) && holdsPlaceholder(payload)) {
            throw new ProtocolException(PLACEHOLDER_REASON, "attachment placeholder in a packet without attachments");
        }
        return Optional.of(new SocketIoPacket(type, namespace, ackId, payload));
    }

    /**
     * Takes the next binary attachment of the packet being reassembled.
     *
     * @return the whole packet once its last attachment arrived, else empty
     * @throws ProtocolException if no attachment was expected, or the placeholders do not match the
     *     attachments
     */
    public Optional<SocketIoPacket> decodeBinary(byte[] attachment) throws ProtocolException {
        if (pending == null) {
            throw new ProtocolException("unexpected binary attachment");
        }
        pending.buffers.add(attachment);
        if (pending.buffers.size() < pending.expected) {
            return Optional.empty();
        }
        return Optional.of(reassembled());
    }

    /** Whether a binary packet is waiting for attachments. */
    public boolean awaitingAttachments() {
        return pending != null;
    }

    private SocketIoPacket reassembled() throws ProtocolException {
        PendingBinary done = pending;
        pending = null;
        Placeholders placeholders = new Placeholders(done.buffers);
        Object data = placeholders.reconstruct(done.payload);
        placeholders.checkAllUsed();
        return new SocketIoPacket(plain(done.type), done.namespace, done.ackId, data);
    }

    private static SocketIoPacketType plain(SocketIoPacketType type) {
        return switch (type) {
            case BINARY_EVENT -> SocketIoPacketType.EVENT;
            case BINARY_ACK -> SocketIoPacketType.ACK;
            default -> type;
        };
    }

    private static boolean isPlaceholder(Map<?, ?> map) {
        return Boolean.TRUE.equals(map.get(PLACEHOLDER));
    }

    /** Whether {@code node} holds a placeholder object anywhere (depth is bounded by the JSON limits). */
    private static boolean holdsPlaceholder(Object node) {
        if (node instanceof List<?> list) {
            for (Object item : list) {
                if (holdsPlaceholder(item)) {
                    return true;
                }
            }
        } else if (node instanceof Map<?, ?> map) {
            if (isPlaceholder(map)) {
                return true;
            }
            for (Object value : map.values()) {
                if (holdsPlaceholder(value)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Puts attachments in place of their placeholders, each attachment used exactly once. */
    private static final class Placeholders {
        private final List<byte[]> buffers;
        private final boolean[] used;
        private int usedCount;

        Placeholders(List<byte[]> buffers) {
            this.buffers = buffers;
            this.used = new boolean[buffers.size()];
        }

        Object reconstruct(Object node) throws ProtocolException {
            if (node instanceof List<?> list) {
                List<Object> out = new ArrayList<>(list.size());
                for (Object item : list) {
                    out.add(reconstruct(item));
                }
                return out;
            }
            if (node instanceof Map<?, ?> map) {
                if (isPlaceholder(map)) {
                    return take(map.get("num"));
                }
                Map<String, Object> out = new java.util.LinkedHashMap<>();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    out.put((String) e.getKey(), reconstruct(e.getValue()));
                }
                return out;
            }
            return node;
        }

        private byte[] take(Object num) throws ProtocolException {
            if (!(num instanceof Integer index) || index < 0 || index >= buffers.size()) {
                throw new ProtocolException(PLACEHOLDER_REASON, "placeholder for a missing attachment");
            }
            if (used[index]) {
                throw new ProtocolException(PLACEHOLDER_REASON, "two placeholders for one attachment");
            }
            used[index] = true;
            usedCount++;
            return buffers.get(index);
        }

        void checkAllUsed() throws ProtocolException {
            if (usedCount != buffers.size()) {
                throw new ProtocolException(PLACEHOLDER_REASON, "attachment without a placeholder");
            }
        }
    }

    private static final class PendingBinary {
        final SocketIoPacketType type;
        final String namespace;
        final long ackId;
        final Object payload;
        final int expected;
        final List<byte[]> buffers;

        PendingBinary(SocketIoPacketType type, String namespace, long ackId, Object payload, int expected) {
            this.type = type;
            this.namespace = namespace;
            this.ackId = ackId;
            this.payload = payload;
            this.expected = expected;
            this.buffers = new ArrayList<>(expected);
        }
    }
}
