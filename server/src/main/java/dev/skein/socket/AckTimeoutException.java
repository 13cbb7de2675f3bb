package dev.skein.socket;

import dev.skein.internal.SkeinException;
import java.util.List;

/**
 * No acknowledgement came before the timeout, or the socket disconnected while waiting. For a broadcast,
 * {@link #partialResponses()} holds the answers that did come.
 */
public final class AckTimeoutException extends SkeinException {
    private static final long serialVersionUID = 1L;

    private final transient List<Args> partialResponses;

    public AckTimeoutException(String message) {
        this(message, List.of());
    }

    public AckTimeoutException(String message, List<Args> partialResponses) {
        super(message);
        this.partialResponses = List.copyOf(partialResponses);
    }

    /** The acknowledgements received before the timeout (broadcasts only; else empty). */
    public List<Args> partialResponses() {
        return partialResponses;
    }
}
