package dev.skein.socket;

/**
 * Handles the events of every socket of a namespace ({@link Namespace#onEvent}). Runs on the client's event loop:
 * must not block.
 */
@FunctionalInterface
public interface SocketEventHandler {
    void onEvent(Socket socket, String event, Args args, Ack ack) throws Exception;
}
