package dev.skein.bench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * One axis of a chart: its range, snapped to nice values, and its ticks. Immutable.
 *
 * <p>A linear axis steps by 1, 2 or 5 times a power of ten and, when all values have one sign, reaches zero
 * (so that a small difference is not read against a cut-off axis). A log axis spans whole decades, with major
 * ticks on the decades, secondary ticks on 2 and 5 (labelled where there is room) and minor ticks on the rest.
 *
 * @param min the lowest value shown, a tick
 * @param max the highest value shown, a tick, above {@code min}
 * @param log whether values are placed by their logarithm; then {@code min > 0}
 * @param ticks the ticks from {@code min} to {@code max}, in increasing order
 */
record Axis(double min, double max, boolean log, List<Tick> ticks) {
    /** Linear axes aim at about this many intervals between ticks. */
    static final int TARGET_INTERVALS = 5;

    /** Rounding error tolerated when snapping to ticks, relative to a step or a decade. */
    private static final double SLACK = 1e-9;

    /** How prominent a tick is. */
    enum Rank {
        /** A step of a linear axis or a decade of a log axis: always labelled, with a strong grid line. */
        MAJOR,
        /** 2 and 5 within a decade: labelled when the labels do not overlap. */
        SECONDARY,
        /** The other digits within a decade: a faint grid line, no label. */
        MINOR
    }

    /** A tick at {@code value}. */
    record Tick(double value, Rank rank) {}

    Axis {
        if (!(min < max) || Double.isInfinite(min) || Double.isInfinite(max)) {
            throw new IllegalArgumentException("axis range : " + min + ".." + max + " (expected: finite, min < max)");
        }
        if (log && min <= 0) {
            throw new IllegalArgumentException("log axis min : " + min + " (expected: > 0)");
        }
        ticks = List.copyOf(ticks);
    }

    /**
     * The axis for values from {@code low} to {@code high}; on a log axis both must be positive. With no
     * values ({@code low > high}) it is {@code 0..1}, or {@code 1..10} on a log axis.
     */
    static Axis covering(double low, double high, boolean log) {
        if (low > high) {
            return log ? logarithmic(1, 10) : linear(0, 1);
        }
        return log ? logarithmic(low, high) : linear(low, high);
    }

    /** A linear axis from at most {@code low} to at least {@code high}, including zero, in 1-2-5 steps. */
    static Axis linear(double low, double high) {
        double from = Math.min(low, 0);
        double to = Math.max(high, 0);
        if (from == to) {
            to = from + 1;
        }
        double step = niceStep((to - from) / TARGET_INTERVALS);
        // the slack keeps 0.3 / 0.1 = 3.0000000000000004 from adding a step
        long first = (long) Math.floor(from / step + SLACK);
        long last = (long) Math.ceil(to / step - SLACK);
        List<Tick> ticks = new ArrayList<>();
        for (long i = first; i <= last; i++) {
            // multiply rather than accumulate, so that 0.1 + 0.1 + 0.1 does not drift
            ticks.add(new Tick(i * step, Rank.MAJOR));
        }
        return new Axis(first * step, last * step, false, ticks);
    }

    /** A log axis over the whole decades that hold {@code low..high}, both positive. */
    static Axis logarithmic(double low, double high) {
        if (!(low > 0) || !(high >= low)) {
            throw new IllegalArgumentException("log range : " + low + ".." + high + " (expected: 0 < low <= high)");
        }
        int first = (int) Math.floor(Math.log10(low) + SLACK);
        int last = (int) Math.ceil(Math.log10(high) - SLACK);
        if (last <= first) {
            last = first + 1;
        }
        List<Tick> ticks = new ArrayList<>();
        for (int decade = first; decade <= last; decade++) {
            double base = Math.pow(10, decade);
            ticks.add(new Tick(base, Rank.MAJOR));
            for (int digit = 2; digit <= 9 && decade < last; digit++) {
                ticks.add(new Tick(digit * base, digit == 2 || digit == 5 ? Rank.SECONDARY : Rank.MINOR));
            }
        }
        return new Axis(Math.pow(10, first), Math.pow(10, last), true, ticks);
    }

    /** Where {@code value} falls between {@code min} (0) and {@code max} (1); outside for values outside. */
    double fraction(double value) {
        if (log) {
            return (Math.log10(value) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
        }
        return (value - min) / (max - min);
    }

    /** Whether {@code value} can be placed on this axis: any finite value, positive on a log axis. */
    boolean accepts(double value) {
        return Double.isFinite(value) && (!log || value > 0);
    }

    /** The ticks' values of the given rank, in increasing order. */
    List<Double> values(Rank rank) {
        return ticks.stream().filter(t -> t.rank() == rank).map(Tick::value).toList();
    }

    /** The smallest of 1, 2, 5 or 10 times a power of ten that is at least {@code rough}. */
    static double niceStep(double rough) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double normalized = rough / magnitude;
        if (normalized <= 1 + SLACK) {
            return magnitude;
        }
        if (normalized <= 2 + SLACK) {
            return 2 * magnitude;
        }
        return normalized <= 5 + SLACK ? 5 * magnitude : 10 * magnitude;
    }
}
