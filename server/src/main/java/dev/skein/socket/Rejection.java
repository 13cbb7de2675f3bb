package dev.skein.socket;

/**
 * A middleware's refusal.
 *
 * @param message what the client (or the socket's error handler) is told
 * @param data any JSON value sent along, or {@code null}
 */
public record Rejection(String message, Object data) {
    public Rejection {
        message = message == null ? "rejected" : message;
    }
}
