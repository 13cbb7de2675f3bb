package dev.skein.auth;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that check token signatures too slow for an event loop (ES*, EdDSA: about a millisecond of CPU
 * each on Java 17's providers), so that a storm of CONNECTs delays only the CONNECTs, not every client's frames.
 * Bounded: as many threads as processors and a fixed queue; a check beyond it is refused ({@link
 * RejectedExecutionException}, which {@link JwtAuthenticator} answers as {@code busy}). Thread-safe; {@link
 * #close()} is idempotent.
 */
public final class SignatureWorkers implements Executor, AutoCloseable {
    /** Checks waiting at most: a few seconds of work for a small node, then CONNECTs are refused as busy. */
    public static final int DEFAULT_QUEUE = 8_192;

    private final ThreadPoolExecutor pool;

    /**
     * @param threads worker threads, at least 1
     * @param queue checks that may wait, at least 1
     */
    public SignatureWorkers(int threads, int queue) {
        if (threads < 1 || queue < 1) {
            throw new IllegalArgumentException("threads, queue : " + threads + ", " + queue + " (expected: >= 1)");
        }
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(
                threads,
                threads,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queue),
                task -> {
                    Thread thread = new Thread(task, "skein-auth-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                },
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** One thread per processor, {@link #DEFAULT_QUEUE} waiting. */
    public static SignatureWorkers forProcessors() {
        return new SignatureWorkers(Runtime.getRuntime().availableProcessors(), DEFAULT_QUEUE);
    }

    /**
     * @throws RejectedExecutionException when the queue is full or the workers are closed
     */
    @Override
    public void execute(Runnable check) {
        pool.execute(check);
    }

    /** Checks waiting for a thread. */
    public int queued() {
        return pool.getQueue().size();
    }

    /** Stops taking checks; those under way finish on their own (daemon threads). */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
