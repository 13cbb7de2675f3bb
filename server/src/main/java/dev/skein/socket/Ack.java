package dev.skein.socket;

/**
 * Answers an event whose sender asked for an acknowledgement. Thread-safe; only the first
 * {@link #send} counts.
 */
public interface Ack {
    /** An {@code Ack} for events that asked for none: {@link #send} does nothing. */
    Ack NONE = new Ack() {
        @Override
        public boolean requested() {
            return false;
        }

        @Override
        public void send(Object... args) {}
    };

    /** Whether the sender asked for an acknowledgement. */
    boolean requested();

    /** Sends the acknowledgement with {@code args} ({@code byte[]} is sent as binary). */
    void send(Object... args);
}
