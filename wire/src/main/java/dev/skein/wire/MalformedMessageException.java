package dev.skein.wire;

/** A cluster message that cannot be decoded; it is dropped and counted. */
public final class MalformedMessageException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(message);
    }
}
