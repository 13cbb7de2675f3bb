package dev.skein.protocol;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One decoded Socket.IO packet, binary attachments already put back in place as {@code byte[]}.
 *
 * <p>{@code data} holds what the type carries: the {@code auth} map (or {@code null}) for CONNECT, the
 * event name followed by its arguments for EVENT, the arguments for ACK, the error object for
 * CONNECT_ERROR, {@code null} for DISCONNECT. Values are plain Java: {@link Map}, {@link List},
 * {@link String}, {@link Number}, {@link Boolean}, {@code byte[]} and {@code null}.
 *
 * @param type the packet type; BINARY_EVENT and BINARY_ACK are reported as EVENT and ACK once
 *     their attachments are in place
 * @param namespace the namespace, {@code "/"} when the packet named none
 * @param ackId the acknowledgement id, or {@code -1} when none was given
 * @param data the payload, see above
 */
public record SocketIoPacket(SocketIoPacketType type, String namespace, long ackId, Object data) {
    /** Marks a packet with no acknowledgement id. */
    public static final long NO_ACK = -1;

    public SocketIoPacket {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(namespace, "namespace");
    }

    /** Whether the sender asked for an acknowledgement. */
    public boolean ackRequested() {
        return ackId >= 0;
    }

    /** For EVENT: the event name. */
    public String eventName() {
        return (String) eventData().get(0);
    }

    /** For EVENT: the arguments after the event name. */
    public List<Object> eventArgs() {
        List<Object> all = eventData();
        return all.subList(1, all.size());
    }

    /** For ACK: the acknowledgement's arguments. */
    @SuppressWarnings("unchecked")
    public List<Object> ackArgs() {
        return (List<Object>) data;
    }

    /** For CONNECT: the {@code auth} payload, or {@code null} when the client sent none. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> auth() {
        return (Map<String, Object>) data;
    }

    @SuppressWarnings("unchecked")
    private List<Object> eventData() {
        return (List<Object>) data;
    }
}
