package dev.skein.socket;

/** Handles one event whose first argument is converted to {@code T}. Runs on the client's event loop. */
@FunctionalInterface
public interface TypedEventHandler<T> {
    void onEvent(T value, Ack ack) throws Exception;
}
