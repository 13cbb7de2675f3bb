package dev.skein.socket;

/**
 * Takes the incoming events that no handler of their socket takes (after the middleware and the catch-all
 * listeners): the seam of backend routing ({@code dev.skein.routing}), installed with {@link
 * Namespaces#unhandled}. Without one, such events are dropped, as by the official server.
 */
@FunctionalInterface
public interface UnhandledEventHandler {
    /**
     * Handles one event. Runs on the socket's event loop: must not block.
     *
     * @param ack the event's acknowledgement, {@link Ack#NONE} when the client asked for none
     */
    void onEvent(Socket socket, String event, Args args, Ack ack);
}
