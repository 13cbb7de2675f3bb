package dev.skein.socket;

/**
 * How a middleware passes its verdict on: call exactly one method once, now or later from any thread.
 * Calls after the first are ignored.
 */
public interface Next {
    /** Lets the connection or packet through to the next middleware, then to the handlers. */
    void proceed();

    /**
     * Stops it. A refused connection gets CONNECT_ERROR {@code {"message", "data"}}; a refused packet is
     * dropped and the socket's error handlers get the rejection.
     *
     * @param data any JSON value for the client, or {@code null} for none
     */
    void reject(String message, Object data);

    /** {@link #reject(String, Object)} without data. */
    default void reject(String message) {
        reject(message, null);
    }
}
