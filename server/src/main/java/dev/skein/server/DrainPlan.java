package dev.skein.server;

import java.time.Duration;

/**
 * How a draining node closes its client connections: in batches, one every {@link #pause()}, sized so that
 * every connection is closed within the window while no more than a batch of clients reconnects to the
 * other nodes at once.
 *
 * @param batchSize connections closed per batch, at least {@link #MIN_BATCH}
 * @param pause the wait between batches
 */
record DrainPlan(int batchSize, Duration pause) {
    /** Below this many connections a batch is not worth a pause. */
    static final int MIN_BATCH = 10;

    static final Duration PAUSE = Duration.ofMillis(100);

    DrainPlan {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
        }
    }

    /** Spreads closing {@code connections} over {@code window}. */
    static DrainPlan spread(int connections, Duration window) {
        long rounds = Math.max(1, window.toMillis() / PAUSE.toMillis());
        long perRound = (connections + rounds - 1) / rounds;
        return new DrainPlan((int) Math.max(MIN_BATCH, perRound), PAUSE);
    }
}
