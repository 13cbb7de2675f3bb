package dev.skein.socket;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs middleware one after the other; each may answer later, from any thread, and the chain then resumes
 * through its executor (a client's event loop, for a CONNECT).
 */
final class MiddlewareChain {
    private static final Logger log = LoggerFactory.getLogger(MiddlewareChain.class);

    /** One middleware applied to its subject. */
    @FunctionalInterface
    interface Step {
        void run(Next next) throws Exception;
    }

    private final List<Step> steps;
    private final Executor resume;
    private final Runnable onPassed;
    private final Consumer<Rejection> onRejected;

    private MiddlewareChain(List<Step> steps, Executor resume, Runnable onPassed, Consumer<Rejection> onRejected) {
        this.steps = steps;
        this.resume = resume;
        this.onPassed = onPassed;
        this.onRejected = onRejected;
    }

    /** Runs {@code steps}; then exactly one of {@code onPassed} and {@code onRejected}, on the answering thread. */
    static void run(List<Step> steps, Runnable onPassed, Consumer<Rejection> onRejected) {
        run(steps, Runnable::run, onPassed, onRejected);
    }

    /**
     * Runs {@code steps}; each verdict continues through {@code resume} (which runs a task at once when already
     * on its thread), then exactly one of {@code onPassed} and {@code onRejected}.
     */
    static void run(List<Step> steps, Executor resume, Runnable onPassed, Consumer<Rejection> onRejected) {
        new MiddlewareChain(steps, resume, onPassed, onRejected).from(0);
    }

    private void from(int index) {
        if (index == steps.size()) {
            onPassed.run();
            return;
        }
        Verdict next = new Verdict(index);
        try {
            steps.get(index).run(next);
        } catch (Exception e) {
            log.debug("Middleware failed: {}", e.toString());
            next.reject(e.getMessage());
        }
    }

    private final class Verdict implements Next {
        private final int index;
        private final AtomicBoolean given = new AtomicBoolean();

        Verdict(int index) {
            this.index = index;
        }

        @Override
        public void proceed() {
            if (given.compareAndSet(false, true)) {
                resume.execute(() -> from(index + 1));
            }
        }

        @Override
        public void reject(String message, Object data) {
            if (given.compareAndSet(false, true)) {
                Rejection rejection = new Rejection(message, data);
                resume.execute(() -> onRejected.accept(rejection));
            }
        }
    }
}
