package dev.skein.routing.discovery;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The instances of one service and the choice among them: the available instance with the fewest calls or
 * channels in flight (equals in turn); when every instance is set aside, the one whose
 * time out ends first, so that a service whose every instance failed once is tried again rather than refused
 * for the whole set-aside time. Thread-safe: the list is replaced whole, read without a lock.
 */
public final class Instances {
    private final String service;
    private final Duration setAsideFor;
    private final LongSupplier nanoTime;
    private final Consumer<Instance> onRemoved;
    private final java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();
    private volatile List<Instance> current = List.of();

    /**
     * @param setAsideFor how long a failed instance is left out
     * @param onRemoved told of each instance a new list no longer has (its pooled connections are closed)
     */
    public Instances(String service, Duration setAsideFor, LongSupplier nanoTime, Consumer<Instance> onRemoved) {
        this.service = service;
        this.setAsideFor = setAsideFor;
        this.nanoTime = nanoTime;
        this.onRemoved = onRemoved;
    }

    public String service() {
        return service;
    }

    /** The instances now. */
    public List<Instance> all() {
        return current;
    }

    /**
     * Replaces the instances with those of {@code uris}, keeping the state of those already known.
     *
     * @return whether the set changed
     */
    public synchronized boolean replace(List<URI> uris) {
        Map<URI, Instance> known = new LinkedHashMap<>();
        current.forEach(instance -> known.put(instance.uri(), instance));
        List<Instance> next = new ArrayList<>(uris.size());
        for (URI uri : uris) {
            Instance instance = known.remove(uri);
            next.add(instance != null ? instance : new Instance(uri));
        }
        boolean changed = !known.isEmpty() || next.size() != current.size();
        current = List.copyOf(next);
        known.values().forEach(onRemoved);
        return changed;
    }

    /** The instance to use now, or {@code null} when there is none. */
    public Instance choose() {
        List<Instance> instances = current;
        int size = instances.size();
        long now = nanoTime.getAsLong();
        // start each scan one further: equals share the calls in turn rather than all going to the first
        int start = size == 0 ? 0 : Math.floorMod(turn.getAndIncrement(), size);
        Instance best = null;
        Instance soonest = null;
        for (int i = 0; i < size; i++) {
            Instance instance = instances.get((start + i) % size);
            if (instance.available(now)) {
                if (best == null || instance.inFlight() < best.inFlight()) {
                    best = instance;
                }
            } else if (soonest == null || instance.setAsideUntilNanos() - soonest.setAsideUntilNanos() < 0) {
                soonest = instance;
            }
        }
        return best != null ? best : soonest;
    }

    /** Leaves {@code instance} out for the set-aside time: it failed to connect or to answer in time. */
    public void failed(Instance instance) {
        instance.setAside(setAsideFor, nanoTime.getAsLong());
    }
}
