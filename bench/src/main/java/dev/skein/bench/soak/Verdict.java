package dev.skein.bench.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The soak's verdict over the samples after the warm-up: each node's heap after GC and RSS grow less than
 * their bounds per hour (least-squares slope), its publish queue stays under a pipeline's worth, its
 * connections and threads do not creep up, Redis's keys, channels and patterns do not grow, no stable
 * client was lost and churners failed rarely. Immutable.
 *
 * @param checks each check, in order
 */
record Verdict(List<Check> checks) {
    private static final double MB = 1024 * 1024;

    /** A check: what, the measured value, the bound, whether it passed. */
    record Check(String name, String value, String bound, boolean passed) {}

    Verdict {
        checks = List.copyOf(checks);
    }

    boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }

    static Verdict of(List<Sample> samples, SoakOptions options, boolean nodesAlive) {
        double warmupMinutes = options.warmup().toMillis() / 60_000.0;
        List<Sample> settled =
                samples.stream().filter(s -> s.minutes() >= warmupMinutes).toList();
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("nodes alive at the end", nodesAlive ? "all" : "not all", "all", nodesAlive));
        if (!samples.isEmpty()) {
            checks.addAll(loadChecks(samples.get(samples.size() - 1).load()));
        }
        if (settled.size() < 4) {
            checks.add(new Check("samples after the warm-up", "" + settled.size(), ">= 4", false));
            return new Verdict(checks);
        }
        int nodes = settled.get(0).nodes().size();
        for (int n = 0; n < nodes; n++) {
            int node = n;
            String name = "node " + (n + 1);
            double heap = slopePerHour(settled, s -> s.nodes().get(node).heapBytes() / MB);
            checks.add(bounded(name + " heap after GC, MB/h", heap, options.heapSlopeMbPerHour()));
            double rss = slopePerHour(settled, s -> s.nodes().get(node).rssBytes() / MB);
            checks.add(bounded(name + " RSS, MB/h", rss, options.rssSlopeMbPerHour()));
            double queue = max(settled, s -> s.nodes().get(node).publishQueue());
            checks.add(new Check(name + " publish queue, most", fmt(queue), "<= 1024", queue <= 1024));
            checks.add(notCreeping(
                    name + " connections", settled, s -> s.nodes().get(node).connections(), 1.25, 10));
            checks.add(notCreeping(
                    name + " threads", settled, s -> s.nodes().get(node).threads(), 1.0, 2));
        }
        checks.add(notGrowing("Redis keys", settled, s -> s.redis().keys()));
        checks.add(notGrowing("Redis pub/sub channels", settled, s -> s.redis().channels()));
        checks.add(notGrowing(
                "Redis pattern subscriptions", settled, s -> s.redis().patterns()));
        double redisMemory = slopePerHour(settled, s -> s.redis().usedMemory() / MB);
        checks.add(bounded("Redis used_memory, MB/h", redisMemory, options.rssSlopeMbPerHour()));
        return new Verdict(checks);
    }

    private static List<Check> loadChecks(Churn.LoadSample last) {
        double failedShare = last.churnStarted() == 0 ? 0 : (double) last.churnFailed() / last.churnStarted();
        return List.of(
                new Check("stable clients lost", "" + last.stableLost(), "0", last.stableLost() == 0),
                new Check(
                        "churners that failed to connect and join",
                        String.format(Locale.ROOT, "%d of %d", last.churnFailed(), last.churnStarted()),
                        "< 1%",
                        failedShare < 0.01));
    }

    /** The least-squares slope of {@code value} against time, per hour. */
    static double slopePerHour(List<Sample> samples, ToDoubleFunction<Sample> value) {
        double n = samples.size();
        double sumX = 0;
        double sumY = 0;
        double sumXy = 0;
        double sumXx = 0;
        for (Sample s : samples) {
            double x = s.minutes() / 60;
            double y = value.applyAsDouble(s);
            sumX += x;
            sumY += y;
            sumXy += x * y;
            sumXx += x * x;
        }
        double denominator = n * sumXx - sumX * sumX;
        return denominator == 0 ? 0 : (n * sumXy - sumX * sumY) / denominator;
    }

    private static Check bounded(String name, double slope, double bound) {
        return new Check(name, String.format(Locale.ROOT, "%+.2f", slope), "<= " + fmt(bound), slope <= bound);
    }

    /** The mean of the last quarter is at most {@code factor} times the first quarter's plus {@code slack}. */
    private static Check notCreeping(
            String name, List<Sample> samples, ToDoubleFunction<Sample> value, double factor, double slack) {
        int quarter = Math.max(1, samples.size() / 4);
        double first = mean(samples.subList(0, quarter), value);
        double last = mean(samples.subList(samples.size() - quarter, samples.size()), value);
        double bound = first * factor + slack;
        return new Check(
                name + ", mean of the first and last quarter",
                fmt(first) + " -> " + fmt(last),
                "<= " + fmt(bound),
                last <= bound);
    }

    /** The last value is at most the first (after the warm-up). */
    private static Check notGrowing(String name, List<Sample> samples, ToDoubleFunction<Sample> value) {
        double first = value.applyAsDouble(samples.get(0));
        double last = value.applyAsDouble(samples.get(samples.size() - 1));
        double most = max(samples, value);
        return new Check(
                name + ", first -> last (most)",
                fmt(first) + " -> " + fmt(last) + " (" + fmt(most) + ")",
                "last <= first",
                last <= first);
    }

    private static double mean(List<Sample> samples, ToDoubleFunction<Sample> value) {
        return samples.stream().mapToDouble(value).average().orElse(0);
    }

    private static double max(List<Sample> samples, ToDoubleFunction<Sample> value) {
        return samples.stream().mapToDouble(value).max().orElse(0);
    }

    private static String fmt(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e12
                ? String.format(Locale.ROOT, "%d", (long) value)
                : String.format(Locale.ROOT, "%.1f", value);
    }

    /** A Markdown table of the checks and the overall outcome. */
    String markdown() {
        StringBuilder text = new StringBuilder("| check | measured | bound | |\n|---|---|---|---|\n");
        for (Check check : checks) {
            text.append("| ")
                    .append(check.name())
                    .append(" | ")
                    .append(check.value())
                    .append(" | ")
                    .append(check.bound())
                    .append(" | ")
                    .append(check.passed() ? "pass" : "**FAIL**")
                    .append(" |\n");
        }
        text.append("\nVerdict: ").append(passed() ? "**pass**" : "**FAIL**").append('\n');
        return text.toString();
    }
}
