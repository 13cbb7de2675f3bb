package dev.skein.push;

/** A push message that is not one: its text names the problem, never the payload. */
final class PushRejectedException extends Exception {
    PushRejectedException(String problem) {
        super(problem, null, false, false);
    }
}
