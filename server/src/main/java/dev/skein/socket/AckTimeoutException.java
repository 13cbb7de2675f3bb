package dev.skein.socket;

import dev.skein.internal.SkeinException;

/** No acknowledgement came before the timeout, or the socket disconnected while waiting. */
public final class AckTimeoutException extends SkeinException {
    private static final long serialVersionUID = 1L;

    public AckTimeoutException(String message) {
        super(message);
    }
}
