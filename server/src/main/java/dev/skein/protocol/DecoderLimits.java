package dev.skein.protocol;

/**
 * The bounds a {@link SocketIoDecoder} puts on what a client sends, beyond the payload size the transport
 * already bounds. Immutable, validated when built.
 *
 * @param maxJsonDepth how deeply arrays and objects may nest in a packet's JSON, the event's own array
 *     counting as one (default {@value #DEFAULT_MAX_JSON_DEPTH}; Jackson's own default is 1000)
 * @param maxAttachments binary attachments one packet may announce (default {@value #DEFAULT_MAX_ATTACHMENTS},
 *     as the official {@code socket.io-parser} since 4.2.6)
 * @param maxStringLength characters in one JSON string (the node's {@code maxPayloadBytes} in practice)
 */
public record DecoderLimits(int maxJsonDepth, int maxAttachments, int maxStringLength) {
    public static final int DEFAULT_MAX_JSON_DEPTH = 32;
    public static final int DEFAULT_MAX_ATTACHMENTS = 10;
    /** Characters in one JSON number: far above any number a JavaScript client writes (at most 24). */
    public static final int MAX_NUMBER_LENGTH = 100;
    /** The highest depth that may be configured. */
    public static final int MAX_JSON_DEPTH_LIMIT = 1000;
    /** The most attachments that may be configured. */
    public static final int MAX_ATTACHMENTS_LIMIT = 1000;
    /** The default limits, with strings up to 1,000,000 characters. */
    public static final DecoderLimits DEFAULT =
            new DecoderLimits(DEFAULT_MAX_JSON_DEPTH, DEFAULT_MAX_ATTACHMENTS, 1_000_000);

    public DecoderLimits {
        if (maxJsonDepth < 1 || maxJsonDepth > MAX_JSON_DEPTH_LIMIT) {
            throw new IllegalArgumentException(
                    "maxJsonDepth : " + maxJsonDepth + " (expected: 1.." + MAX_JSON_DEPTH_LIMIT + ")");
        }
        if (maxAttachments < 0 || maxAttachments > MAX_ATTACHMENTS_LIMIT) {
            throw new IllegalArgumentException(
                    "maxAttachments : " + maxAttachments + " (expected: 0.." + MAX_ATTACHMENTS_LIMIT + ")");
        }
        if (maxStringLength < 1) {
            throw new IllegalArgumentException("maxStringLength : " + maxStringLength + " (expected: >= 1)");
        }
    }
}
