package dev.skein.protocol;

/**
 * Bad input from the wire: a packet the protocol does not allow. The message names the rule that was
 * broken and never contains the payload itself, so it is safe to log; the reason is a short, fixed tag for
 * the {@code skein_packets_rejected_total} metric ({@link #MALFORMED} unless a limit was passed).
 */
public final class ProtocolException extends Exception {
    /** The reason of a packet that breaks the protocol's grammar. */
    public static final String MALFORMED = "malformed";

    private static final long serialVersionUID = 1L;

    private final String reason;

    /** A malformed packet ({@link #MALFORMED}). */
    public ProtocolException(String message) {
        this(MALFORMED, message);
    }

    /**
     * @param reason the metric tag, one of a few fixed strings (never built from input)
     * @param message what rule was broken, without the payload
     */
    public ProtocolException(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** The metric tag: {@link #MALFORMED}, or the limit that was passed. */
    public String reason() {
        return reason;
    }
}
