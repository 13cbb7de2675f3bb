package dev.skein.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * A Socket.IO packet encoded once, ready for any number of clients: the text frame and the binary
 * attachments that follow it. Immutable; the attachment arrays must not be changed after encoding.
 *
 * @param text the Socket.IO text packet, without the Engine.IO {@code 4} prefix
 * @param attachments the binary attachments, in placeholder order
 */
public record EncodedPacket(String text, List<byte[]> attachments) {
    public EncodedPacket {
        attachments = List.copyOf(attachments);
    }

    /** Whether the packet has binary attachments. */
    public boolean hasAttachments() {
        return !attachments.isEmpty();
    }

    /** Bytes on the wire over a websocket: the text frame plus the binary frames. */
    public int wireSize() {
        int size = text.getBytes(StandardCharsets.UTF_8).length + 1;
        for (byte[] attachment : attachments) {
            size += attachment.length;
        }
        return size;
    }

    /** The Engine.IO message (prefix {@code 4}) of the text part. */
    public String engineText() {
        return "4" + text;
    }

    /** An attachment as an Engine.IO polling segment: {@code b} followed by base64. */
    public static String pollingBinary(byte[] attachment) {
        return "b" + Base64.getEncoder().encodeToString(attachment);
    }
}
