package dev.skein.limits;

/**
 * A token bucket's rule: {@code burst} tokens at most, refilled at {@code perSecond}. Immutable and
 * thread-safe; a bucket's state is one {@code long} kept by its owner, so that a bucket costs eight bytes
 * and no allocation, and an atomic one is an {@code AtomicLong}.
 *
 * <p>The state is the time (on a nanosecond clock such as {@link System#nanoTime()}) at which the bucket
 * will be full again, the "theoretical arrival time" of the generic cell rate algorithm: taking a token
 * moves it one interval ({@code 1/perSecond}) later, and a token may be taken while it is less than {@code
 * burst} intervals ahead of now. Refilling is lazy: nothing runs between takes.
 */
public final class TokenBucket {
    /** What {@link #take} answers when the bucket is empty; never a state. */
    public static final long REFUSED = Long.MIN_VALUE;

    private static final long SECOND_NANOS = 1_000_000_000L;

    private final long intervalNanos;
    private final long toleranceNanos;

    /**
     * @param perSecond tokens added per second, at least 1
     * @param burst the bucket's size, at least 1
     * @throws IllegalArgumentException if either is below 1
     */
    public TokenBucket(int perSecond, int burst) {
        if (perSecond < 1 || burst < 1) {
            throw new IllegalArgumentException(
                    "perSecond : " + perSecond + ", burst : " + burst + " (expected: both >= 1)");
        }
        this.intervalNanos = Math.max(1, SECOND_NANOS / perSecond);
        this.toleranceNanos = (burst - 1) * intervalNanos;
    }

    /** The state of a full bucket at {@code nowNanos}. */
    public long full(long nowNanos) {
        return nowNanos;
    }

    /**
     * Takes a token at {@code nowNanos}.
     *
     * @return the bucket's next state, or {@link #REFUSED} when it holds no token (its state is then
     *     unchanged)
     */
    public long take(long state, long nowNanos) {
        // compared by difference: nanosecond clocks may wrap
        long refilledTo = state - nowNanos > 0 ? state : nowNanos;
        if (refilledTo - nowNanos > toleranceNanos) {
            return REFUSED;
        }
        return refilledTo + intervalNanos;
    }

    /** Whether a bucket in {@code state} is full again at {@code nowNanos}: it may then be forgotten. */
    public boolean isFull(long state, long nowNanos) {
        return state - nowNanos <= 0;
    }
}
