package dev.skein.internal;

/** The root of Skein's own exceptions. Messages say what went wrong and what to do about it. */
public class SkeinException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SkeinException(String message) {
        super(message);
    }

    public SkeinException(String message, Throwable cause) {
        super(message, cause);
    }
}
