package dev.skein.engine;

import com.corundumstudio.socketio.scheduler.CancelableScheduler;
import com.corundumstudio.socketio.scheduler.SchedulerKey;
import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Engine.IO layer's timers: Skein's heartbeats and connect timeouts, and the keyed timeouts
 * netty-socketio's handshake and transports schedule (first data, upgrade). Replaces netty-socketio's
 * {@code HashedWheelTimeoutScheduler}, whose 100 ms ticks made a 200 ms ping timeout fire up to
 * 100 ms late. Tasks run on one daemon thread and must be short; thread-safe.
 */
final class EngineScheduler implements CancelableScheduler {
    private static final Logger log = LoggerFactory.getLogger(EngineScheduler.class);

    private final ScheduledThreadPoolExecutor executor;
    private final ConcurrentHashMap<SchedulerKey, ScheduledFuture<?>> keyed = new ConcurrentHashMap<>();

    EngineScheduler() {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "skein-engine-timer");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    /** Runs {@code task} once after {@code delay}; cancel it with the returned future. */
    ScheduledFuture<?> after(Duration delay, Runnable task) {
        return executor.schedule(guarded(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void update(ChannelHandlerContext ctx) {
        // netty-socketio hands over a context for scheduleCallback; Skein runs no callbacks there
    }

    @Override
    public void cancel(SchedulerKey key) {
        ScheduledFuture<?> future = keyed.remove(key);
        if (future != null) {
            future.cancel(false);
        }
    }

    @Override
    public void scheduleCallback(SchedulerKey key, Runnable runnable, long delay, TimeUnit unit) {
        schedule(key, runnable, delay, unit);
    }

    @Override
    public void schedule(Runnable runnable, long delay, TimeUnit unit) {
        executor.schedule(guarded(runnable), delay, unit);
    }

    @Override
    public void schedule(SchedulerKey key, Runnable runnable, long delay, TimeUnit unit) {
        KeyedTask task = new KeyedTask(key, runnable);
        task.future = executor.schedule(guarded(task), delay, unit);
        ScheduledFuture<?> previous = keyed.put(key, task.future);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    @Override
    public void shutdown() {
        executor.shutdownNow();
        keyed.clear();
    }

    /** A keyed task forgets its key when it runs, unless a newer task took the key meanwhile. */
    private final class KeyedTask implements Runnable {
        private final SchedulerKey key;
        private final Runnable body;
        private volatile ScheduledFuture<?> future;

        KeyedTask(SchedulerKey key, Runnable body) {
            this.key = key;
            this.body = body;
        }

        @Override
        public void run() {
            if (future != null) {
                keyed.remove(key, future);
            }
            body.run();
        }
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("Engine.IO timer task failed", e);
            }
        };
    }
}
