package dev.skein.emitter;

/** A message the emitter could not hand to Redis (Redis unreachable, or too slow). */
public final class EmitterException extends RuntimeException {
    public EmitterException(String message, Throwable cause) {
        super(message, cause);
    }
}
