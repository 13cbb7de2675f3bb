package dev.skein.limits;

/**
 * One connection's events-per-second budget: three {@code long}s (its bucket and the run of seconds it has
 * been over), allocated only when the limit is on. Not thread-safe: a connection's packets are handled one
 * at a time.
 */
public final class EventBudget {
    /** Refusals this close together belong to one run of flooding. */
    private static final long RUN_GAP_NANOS = 2_000_000_000L;

    /** What happens to an event. */
    public enum Verdict {
        /** Within the budget: handle it. */
        ACCEPTED,
        /** Over the budget: refuse it (an error acknowledgement, or dropped). */
        REFUSED,
        /** Over the budget for too long: refuse it and disconnect the client. */
        FLOODING
    }

    private final EventRateLimit limit;
    private long bucket;
    /** When the current run of refusals began; a run ends after {@value #RUN_GAP_NANOS} ns without one. */
    private long overSince;

    private long lastRefused;

    EventBudget(EventRateLimit limit, long nowNanos) {
        this.limit = limit;
        this.bucket = limit.bucket().full(nowNanos);
        this.lastRefused = nowNanos - 2 * RUN_GAP_NANOS;
        this.overSince = lastRefused;
    }

    /** Takes one event's token now. */
    public Verdict take() {
        long now = limit.now();
        long next = limit.bucket().take(bucket, now);
        if (next != TokenBucket.REFUSED) {
            bucket = next;
            return Verdict.ACCEPTED;
        }
        if (now - lastRefused > RUN_GAP_NANOS) {
            overSince = now;
        }
        lastRefused = now;
        long closeAfter = limit.floodCloseNanos();
        return closeAfter > 0 && now - overSince >= closeAfter ? Verdict.FLOODING : Verdict.REFUSED;
    }
}
