package dev.skein.socket;

/** Handles one event of a socket. Runs on the client's event loop: must not block. */
@FunctionalInterface
public interface EventHandler {
    void onEvent(Args args, Ack ack) throws Exception;
}
