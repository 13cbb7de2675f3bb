package dev.skein.bench.report;

import dev.skein.bench.scenario.Step;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report's plots, written beside it. */
final class Plots {
    private Plots() {}

    /** p99 (and p50) latency against delivered rate, one series per system; returns the file name. */
    static String latencyAgainstRate(Path dir, String scenario, String variant, Map<String, List<Step>> bySystem)
            throws IOException {
        LineChart.Builder chart = LineChart.builder()
                .title(scenario + ": " + variant)
                .xLabel("delivered messages per second")
                .yLabel("latency (ms)")
                .logX(true)
                .logY(true)
                .horizontalLine(100, "100 ms");
        bySystem.forEach((system, steps) -> {
            chart.series(
                    system + " p99",
                    steps.stream()
                            .map(s ->
                                    new LineChart.Point(s.deliveredPerSecond(), Math.max(0.01, s.p99Micros() / 1000.0)))
                            .toList());
            chart.series(
                    system + " p50",
                    steps.stream()
                            .map(s ->
                                    new LineChart.Point(s.deliveredPerSecond(), Math.max(0.01, s.p50Micros() / 1000.0)))
                            .toList());
        });
        String file = slug(scenario + "-" + variant) + ".png";
        chart.build().writePng(dir.resolve(file), 1000, 560);
        return file;
    }

    /** Curves by name against their x (connections), on linear axes; returns the file name. */
    static String curves(
            Path dir,
            String scenario,
            String variant,
            Map<String, List<dev.skein.bench.scenario.Outcome.CurvePoint>> curves)
            throws IOException {
        LineChart.Builder chart = LineChart.builder()
                .title(scenario + ": " + variant + ", memory against connections")
                .xLabel("connections")
                .yLabel("MB");
        curves.forEach((name, points) -> chart.series(
                name,
                points.stream().map(p -> new LineChart.Point(p.x(), p.y())).toList()));
        String file = slug(scenario + "-" + variant + "-memory") + ".png";
        chart.build().writePng(dir.resolve(file), 1000, 560);
        return file;
    }

    static String slug(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
