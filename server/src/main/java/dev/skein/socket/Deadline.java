package dev.skein.socket;

import java.time.Duration;

/**
 * A re-armable timer of one socket, on the timer wheel of its event loop (one wheel per loop, 10 ms ticks): no
 * thread or scheduled task per socket, and arming costs O(1). It holds at most one deadline at a time; its
 * action runs on the socket's event loop once the deadline has passed (to within a tick), unless re-armed,
 * cancelled, or the socket disconnected first. Cancelled when the socket disconnects. Thread-safe.
 */
public interface Deadline {
    /**
     * Sets the deadline {@code delay} from now, replacing any set before. A delay of 100 years or more is cut
     * to 100 years; a negative one counts as zero.
     */
    void arm(Duration delay);

    /** Clears the deadline; harmless when none is set. */
    void cancel();
}
