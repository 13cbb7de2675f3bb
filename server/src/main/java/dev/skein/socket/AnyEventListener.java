package dev.skein.socket;

/** Receives every event of a socket in one direction, like the official {@code onAny}/{@code onAnyOutgoing}. */
@FunctionalInterface
public interface AnyEventListener {
    void onEvent(String event, Args args);
}
