package dev.skein.bench.scenario;

import java.util.ArrayList;
import java.util.List;

/** What failed during a run, one line each: a failed variant does not take the others down with it. */
public final class Failures {
    private final List<String> lines = new ArrayList<>();

    /** Records that {@code what} failed with {@code cause}. */
    public synchronized void add(String what, RuntimeException cause) {
        lines.add(what + ": " + cause);
    }

    public synchronized List<String> all() {
        return List.copyOf(lines);
    }
}
