package dev.skein.health;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Where a node is in its life, which says whether load balancers should send it clients (ready) and
 * whether it still accepts them. Thread-safe; moves only forward: starting, ready, draining, closing,
 * stopped.
 */
public final class Readiness {
    /** The life stages of a node, in order. */
    public enum State {
        STARTING,
        /** Serving; readiness passes. */
        READY,
        /** Readiness fails so that load balancers move away; clients are still served and accepted. */
        DRAINING,
        /** New clients are refused and the connected ones' transports closed, so they reconnect elsewhere. */
        CLOSING,
        STOPPED
    }

    private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);

    public State state() {
        return state.get();
    }

    /** Whether load balancers should send this node new clients (the readiness probe). */
    public boolean isReady() {
        return state.get() == State.READY;
    }

    /** Whether a new client's handshake is accepted: also while draining, as a load balancer may not know yet. */
    public boolean acceptsClients() {
        State current = state.get();
        return current == State.READY || current == State.DRAINING;
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
