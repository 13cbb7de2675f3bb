package dev.skein.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * A Socket.IO packet encoded once, ready for any number of clients: the text packet (as a string and as
 * the UTF-8 bytes of its Engine.IO message) and the binary attachments that follow it. Immutable; the
 * byte arrays are shared by every client's frames and must not be changed.
 */
public final class EncodedPacket {
    private final String text;
    private final byte[] engineMessage;
    private final List<byte[]> attachments;
    private final int wireSize;
    private final String event;
    /** The event's arguments; for a packet read back from a recovery log, parsed on first use. */
    private volatile List<Object> eventArgs;

    private final java.util.function.Supplier<List<Object>> lazyArgs;
    /** The websocket frames of this packet (text, then attachments), framed on first use; racy but idempotent. */
    private volatile byte[][] websocketFrames;

    /**
     * @param text the Socket.IO text packet, without the Engine.IO {@code 4} prefix
     * @param attachments the binary attachments, in placeholder order
     */
    public EncodedPacket(String text, List<byte[]> attachments) {
        this(text, attachments, null, List.of());
    }

    /**
     * An encoded EVENT that also remembers its name and arguments, for outgoing listeners.
     *
     * @param event the event name, or {@code null} for other packets
     * @param eventArgs the event's arguments as given (may hold nulls)
     */
    public EncodedPacket(String text, List<byte[]> attachments, String event, List<?> eventArgs) {
        this(
                text,
                attachments,
                event,
                java.util.Collections.unmodifiableList(new java.util.ArrayList<>(eventArgs)),
                null);
    }

    /**
     * An encoded EVENT whose arguments are worked out only if someone asks for them (an outgoing listener):
     * a packet read back from a recovery log, whose JSON is already the wire's.
     *
     * @param lazyArgs gives the event's arguments, once, on first use; any thread
     */
    public EncodedPacket(
            String text, List<byte[]> attachments, String event, java.util.function.Supplier<List<Object>> lazyArgs) {
        this(text, attachments, event, null, lazyArgs);
    }

    private EncodedPacket(
            String text,
            List<byte[]> attachments,
            String event,
            List<Object> eventArgs,
            java.util.function.Supplier<List<Object>> lazyArgs) {
        this.event = event;
        this.eventArgs = eventArgs;
        this.lazyArgs = lazyArgs;
        this.text = text;
        this.engineMessage = engineText(text).getBytes(StandardCharsets.UTF_8);
        this.attachments = List.copyOf(attachments);
        int size = engineMessage.length;
        for (byte[] attachment : this.attachments) {
            size += attachment.length;
        }
        this.wireSize = size;
    }

    /** The Socket.IO text packet. */
    public String text() {
        return text;
    }

    /** The binary attachments, in placeholder order. */
    public List<byte[]> attachments() {
        return attachments;
    }

    /** The event name of an EVENT packet, else {@code null}. */
    public String event() {
        return event;
    }

    /** The arguments of an EVENT packet, else empty. */
    public List<Object> eventArgs() {
        List<Object> args = eventArgs;
        if (args == null) {
            // racy but idempotent, like the frames
            args = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(lazyArgs.get()));
            eventArgs = args;
        }
        return args;
    }

    /** Whether the packet has binary attachments. */
    public boolean hasAttachments() {
        return !attachments.isEmpty();
    }

    /** Bytes on the wire over a websocket: the text frame plus the binary frames. */
    public int wireSize() {
        return wireSize;
    }

    /** The Engine.IO message (prefix {@code 4}) of the text part. */
    public String engineText() {
        return engineText(text);
    }

    /** The UTF-8 bytes of {@link #engineText()}, shared: do not modify. */
    public byte[] engineMessageBytes() {
        return engineMessage;
    }

    /**
     * The packet's websocket frames for Engine.IO v4: its text frame, then one binary frame per attachment;
     * framed once, shared by every client. Do not modify.
     */
    public byte[][] websocketFrames() {
        byte[][] frames = websocketFrames;
        if (frames == null) {
            frames = new byte[1 + attachments.size()][];
            frames[0] = WebSocketFrameBytes.frame(WebSocketFrameBytes.TEXT, new byte[0], engineMessage);
            for (int i = 0; i < attachments.size(); i++) {
                frames[i + 1] = WebSocketFrameBytes.frame(WebSocketFrameBytes.BINARY, new byte[0], attachments.get(i));
            }
            websocketFrames = frames;
        }
        return frames;
    }

    /** An attachment as an Engine.IO polling segment: {@code b} followed by base64. */
    public static String pollingBinary(byte[] attachment) {
        return "b" + Base64.getEncoder().encodeToString(attachment);
    }

    private static String engineText(String text) {
        return "4" + text;
    }

    @Override
    public String toString() {
        return "EncodedPacket[" + text + ", " + attachments.size() + " attachment(s)]";
    }
}
