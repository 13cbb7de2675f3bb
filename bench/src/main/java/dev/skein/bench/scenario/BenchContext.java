package dev.skein.bench.scenario;

import dev.skein.bench.load.LoadGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What every scenario runs with.
 *
 * @param generator the load generator (shared by all scenarios of a run)
 * @param logDir where child processes write their output
 * @param artifactDir where profiles and histograms go
 * @param warmup how long a step runs before it is measured
 * @param measure how long a step is measured
 * @param scale a factor on client counts and rates: 1 for the report, tiny for the smoke test
 * @param profile whether to record a CPU profile of Skein in the scenarios that keep one
 * @param variantFilter only variants whose label contains it run (empty: all)
 * @param failures where a variant that failed is recorded, so that the others still run
 */
public record BenchContext(
        LoadGenerator generator,
        Path logDir,
        Path artifactDir,
        Duration warmup,
        Duration measure,
        double scale,
        boolean profile,
        String variantFilter,
        Failures failures) {
    public BenchContext {
        if (scale <= 0 || scale > 1) {
            throw new IllegalArgumentException("scale : " + scale + " (expected: (0, 1])");
        }
    }

    /**
     * Runs one variant: its outcome is added to {@code outcomes}; a failure is recorded under {@code system}
     * and {@code label} instead, and the next variant runs.
     */
    public void variant(String system, String label, List<Outcome> outcomes, java.util.function.Supplier<Outcome> run) {
        if (!selects(label)) {
            return;
        }
        try {
            outcomes.add(run.get());
        } catch (RuntimeException e) {
            failures.add(label + " on " + system, e);
        }
    }

    /** This context with twice its warm-up and window, for scenarios that measure one long step. */
    public BenchContext withLongerSteps() {
        return new BenchContext(
                generator,
                logDir,
                artifactDir,
                warmup.multipliedBy(2),
                measure.multipliedBy(2),
                scale,
                profile,
                variantFilter,
                failures);
    }

    /** Whether the variant labelled {@code label} is to run. */
    public boolean selects(String label) {
        return variantFilter.isEmpty() || label.contains(variantFilter);
    }

    /** {@code count} scaled, at least {@code min}. */
    public int scaled(int count, int min) {
        return Math.max(min, (int) Math.round(count * scale));
    }
}
