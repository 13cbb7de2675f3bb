package dev.skein.socket;

/**
 * Sees each incoming event of one socket before its listeners, like the official {@code socket.use}.
 * A rejected event is dropped and reported to the socket's {@link Socket#onError error handlers}.
 */
@FunctionalInterface
public interface EventMiddleware {
    /** Calls {@code next} once, now or later. A thrown exception rejects with its message. */
    void handle(String event, Args args, Next next) throws Exception;
}
