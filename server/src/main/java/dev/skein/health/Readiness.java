package dev.skein.health;

import java.util.concurrent.atomic.AtomicReference;

/** Whether this node takes new clients. Thread-safe; moves only forward: starting, ready, draining, stopped. */
public final class Readiness {
    /** The life stages of a node, in order. */
    public enum State {
        STARTING,
        READY,
        DRAINING,
        STOPPED
    }

    private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);

    public State state() {
        return state.get();
    }

    /** Whether new clients are accepted. */
    public boolean isReady() {
        return state.get() == State.READY;
    }

    /** Moves to {@code next} if it is later than the current state; returns whether it moved. */
    public boolean advanceTo(State next) {
        State current;
        do {
            current = state.get();
            if (current.ordinal() >= next.ordinal()) {
                return false;
            }
        } while (!state.compareAndSet(current, next));
        return true;
    }
}
