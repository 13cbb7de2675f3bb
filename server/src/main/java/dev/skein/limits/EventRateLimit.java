package dev.skein.limits;

import dev.skein.config.LimitsConfig;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The events-per-second rule every connection shares: a {@link TokenBucket} per connection, and how long a
 * connection may stay over it before it is disconnected. Immutable and thread-safe; each connection keeps
 * its own {@link EventBudget}.
 */
public final class EventRateLimit {
    private final TokenBucket bucket;
    private final long floodCloseNanos;
    private final LongSupplier clock;

    /**
     * @param floodCloseSeconds a connection refused again and again (never two seconds without a refusal)
     *     for this many seconds is to be disconnected; 0: never
     * @param clock a nanosecond clock, {@code System::nanoTime} outside tests
     */
    public EventRateLimit(int perSecond, int burst, int floodCloseSeconds, LongSupplier clock) {
        this.bucket = new TokenBucket(perSecond, burst);
        this.floodCloseNanos = TimeUnit.SECONDS.toNanos(floodCloseSeconds);
        this.clock = clock;
    }

    /** The rule {@code config} sets, or {@code null} when events are not limited. */
    public static EventRateLimit of(LimitsConfig config, LongSupplier clock) {
        if (config.eventsPerSecond() == 0) {
            return null;
        }
        return new EventRateLimit(
                config.eventsPerSecond(), config.eventBurst(), config.eventFloodCloseSeconds(), clock);
    }

    /** A full budget for a new connection. */
    public EventBudget newBudget() {
        return new EventBudget(this, clock.getAsLong());
    }

    TokenBucket bucket() {
        return bucket;
    }

    long floodCloseNanos() {
        return floodCloseNanos;
    }

    long now() {
        return clock.getAsLong();
    }
}
