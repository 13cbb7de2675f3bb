package dev.skein.bench.report;

import dev.skein.bench.scenario.Step;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Medians over rounds: of numbers, and of steps field by field. */
final class Medians {
    private Medians() {}

    static double of(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** A step whose every field is the median of that field over {@code steps}. */
    static Step step(List<Step> steps) {
        return new Step(
                of(steps, Step::offeredPerSecond),
                of(steps, Step::sentPerSecond),
                of(steps, Step::deliveredPerSecond),
                of(steps, Step::serverCpuMicrosPerMessage),
                of(steps, Step::redisCpuMicrosPerMessage),
                of(steps, Step::generatorCpuMicrosPerMessage),
                (long) of(steps, Step::p50Micros),
                (long) of(steps, Step::p99Micros),
                (long) of(steps, Step::p999Micros),
                (long) of(steps, Step::maxMicros),
                (int) of(steps, Step::lostClients));
    }

    private static double of(List<Step> steps, ToDoubleFunction<Step> field) {
        return of(steps.stream().map(s -> field.applyAsDouble(s)).toList());
    }
}
