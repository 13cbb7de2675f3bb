package dev.skein.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Encodes Socket.IO packets. Stateless and thread-safe. */
public final class SocketIoEncoder {
    private SocketIoEncoder() {}

    /** An EVENT (or BINARY_EVENT when an argument holds {@code byte[]}). */
    public static EncodedPacket event(String namespace, long ackId, String event, List<?> args) {
        List<Object> data = new ArrayList<>(args.size() + 1);
        data.add(event);
        data.addAll(args);
        return encode(SocketIoPacketType.EVENT, namespace, ackId, data, event, args);
    }

    /** An ACK (or BINARY_ACK) answering {@code ackId}. */
    public static EncodedPacket ack(String namespace, long ackId, List<?> args) {
        return encode(SocketIoPacketType.ACK, namespace, ackId, args);
    }

    /** The CONNECT answer, carrying the socket id. */
    public static EncodedPacket connect(String namespace, String socketId) {
        return encode(SocketIoPacketType.CONNECT, namespace, SocketIoPacket.NO_ACK, Map.of("sid", socketId));
    }

    /**
     * The CONNECT answer with connection state recovery: {@code {"sid": ..., "pid": ...}}, the private session
     * id the client sends back to recover.
     */
    public static EncodedPacket connect(String namespace, String socketId, String privateId) {
        Map<String, Object> data = new java.util.LinkedHashMap<>(4);
        data.put("sid", socketId);
        data.put("pid", privateId);
        return encode(SocketIoPacketType.CONNECT, namespace, SocketIoPacket.NO_ACK, data);
    }

    /** A CONNECT_ERROR: {@code {"message": ..., "data": ...}}, {@code data} omitted when null. */
    public static EncodedPacket connectError(String namespace, String message, Object data) {
        Map<String, Object> error = new java.util.LinkedHashMap<>();
        error.put("message", message);
        if (data != null) {
            error.put("data", data);
        }
        return encode(SocketIoPacketType.CONNECT_ERROR, namespace, SocketIoPacket.NO_ACK, error);
    }

    /** The CONNECT answer of Socket.IO protocol v4 (v2 clients): no payload. */
    public static EncodedPacket legacyConnect(String namespace) {
        return encode(SocketIoPacketType.CONNECT, namespace, SocketIoPacket.NO_ACK, null);
    }

    /** The CONNECT_ERROR of Socket.IO protocol v4 (v2 clients): the error's data, or its message. */
    public static EncodedPacket legacyConnectError(String namespace, Object data) {
        return encode(SocketIoPacketType.CONNECT_ERROR, namespace, SocketIoPacket.NO_ACK, data);
    }

    /** A DISCONNECT from {@code namespace}. */
    public static EncodedPacket disconnect(String namespace) {
        return encode(SocketIoPacketType.DISCONNECT, namespace, SocketIoPacket.NO_ACK, null);
    }

    private static EncodedPacket encode(SocketIoPacketType type, String namespace, long ackId, Object data) {
        return encode(type, namespace, ackId, data, null, List.of());
    }

    /** Encodes once; an EVENT also keeps its name and arguments for outgoing listeners. */
    private static EncodedPacket encode(
            SocketIoPacketType type, String namespace, long ackId, Object data, String event, List<?> eventArgs) {
        List<byte[]> attachments = new ArrayList<>(0);
        String json = data == null ? "" : Json.write(data, attachments);
        SocketIoPacketType wireType = attachments.isEmpty() ? type : binary(type);
        StringBuilder out = new StringBuilder(json.length() + namespace.length() + 8);
        out.append(wireType.code());
        if (!attachments.isEmpty()) {
            out.append(attachments.size()).append('-');
        }
        if (!"/".equals(namespace)) {
            out.append(namespace).append(',');
        }
        if (ackId >= 0) {
            out.append(ackId);
        }
        out.append(json);
        return new EncodedPacket(out.toString(), attachments, event, eventArgs);
    }

    private static SocketIoPacketType binary(SocketIoPacketType type) {
        return switch (type) {
            case EVENT -> SocketIoPacketType.BINARY_EVENT;
            case ACK -> SocketIoPacketType.BINARY_ACK;
            default -> throw new IllegalArgumentException("binary data is not allowed in " + type);
        };
    }
}
