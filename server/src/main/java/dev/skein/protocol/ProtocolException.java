package dev.skein.protocol;

/**
 * Bad input from the wire: a packet the protocol does not allow. The message names the rule that was
 * broken and never contains the payload itself, so it is safe to log.
 */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message, null, false, false);
    }
}
