package dev.skein.engine;

import dev.skein.metrics.OutboundTally;
import dev.skein.metrics.SkeinMetrics;
import io.netty.channel.EventLoop;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every connection of the engine shares: its settings, registry, writers, metrics, timers and abuse
 * limits.
 */
final class EngineContext {
    private static final long TICK_MILLIS = 10;
    private static final int SLOTS = 1024;

    private final EngineSettings settings;
    private final SkeinMetrics metrics;
    private final ConnectionRegistry registry;
    private final Frames frames;
    private final PollingResponses responses = new PollingResponses();
    private final ConcurrentHashMap<EventLoop, LoopTimer> timers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<EventLoop, OutboundTally> tallies = new ConcurrentHashMap<>();
    private final EngineLimits limits;

    /** A context without abuse limits, for tests of something else. */
    EngineContext(EngineSettings settings, boolean websocketCompression, SkeinMetrics metrics) {
        this(
                settings,
                websocketCompression,
                metrics,
                new EngineLimits(dev.skein.config.LimitsConfig.unlimited(), metrics.registry(), System::nanoTime));
    }

    EngineContext(EngineSettings settings, boolean websocketCompression, SkeinMetrics metrics, EngineLimits limits) {
        this.frames = new Frames(websocketCompression);
        this.settings = settings;
        this.metrics = metrics;
        this.registry = new ConnectionRegistry(metrics);
        this.limits = limits;
    }

    EngineSettings settings() {
        return settings;
    }

    SkeinMetrics metrics() {
        return metrics;
    }

    EngineLimits limits() {
        return limits;
    }

    ConnectionRegistry registry() {
        return registry;
    }

    Frames frames() {
        return frames;
    }

    PollingResponses responses() {
        return responses;
    }

    /** The timer wheel of {@code loop} (one per event loop, 10 ms ticks). */
    LoopTimer timerOf(EventLoop loop) {
        return timers.computeIfAbsent(loop, l -> new LoopTimer(l, TICK_MILLIS, SLOTS));
    }

    /** The outbound counts of {@code loop}, written by that loop only. */
    OutboundTally tallyOf(EventLoop loop) {
        return tallies.computeIfAbsent(loop, l -> metrics.newOutboundTally());
    }

    /** Stops every wheel. */
    void stop() {
        timers.values().forEach(t -> t.loop().execute(t::stop));
    }
}
