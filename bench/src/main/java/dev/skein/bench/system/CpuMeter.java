package dev.skein.bench.system;

import java.util.List;

/** CPU used by a set of processes between {@link #start} and {@link #nanosSinceStart}. */
public final class CpuMeter {
    private final List<Long> pids;
    private long startNanos;

    public CpuMeter(List<Long> pids) {
        this.pids = List.copyOf(pids);
        start();
    }

    /** Restarts the window. */
    public void start() {
        startNanos = total();
    }

    /** CPU nanoseconds of all the processes since {@link #start}. */
    public long nanosSinceStart() {
        return total() - startNanos;
    }

    private long total() {
        long sum = 0;
        for (long pid : pids) {
            sum += ProcStat.cpuNanos(pid);
        }
        return sum;
    }
}
