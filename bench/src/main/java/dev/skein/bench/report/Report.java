package dev.skein.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.skein.bench.BenchOptions;
import dev.skein.bench.scenario.FloorScenario;
import dev.skein.bench.scenario.Outcome;
import dev.skein.bench.scenario.Scenario;
import dev.skein.bench.scenario.Step;
import dev.skein.bench.system.ServerSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The benchmark report: {@code docs/benchmarks.md} with the medians of every figure per system and their
 * ratio (Skein / peer), the machine, the command, one table per scenario, and plots beside it in {@code
 * benchmarks/}; the raw outcomes go to {@code benchmarks/results.json}. When {@code
 * benchmarks/baseline.json} exists (an earlier run's results, kept on purpose), Skein's figures from it
 * are shown as a "before" column.
 */
public final class Report {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final BenchOptions options;
    private final List<ServerSystem> systems;
    private final List<Scenario> scenarios;
    private final List<Outcome> outcomes;
    private final List<String> failures;
    private final Duration took;

    public Report(
            BenchOptions options,
            List<ServerSystem> systems,
            List<Scenario> scenarios,
            List<Outcome> outcomes,
            List<String> failures,
            Duration took) {
        this.options = options;
        this.systems = List.copyOf(systems);
        this.scenarios = List.copyOf(scenarios);
        this.outcomes = List.copyOf(outcomes);
        this.failures = List.copyOf(failures);
        this.took = took;
    }

    /** Writes the report to {@code markdown}, its plots and results beside it in {@code benchmarks/}. */
    public void write(Path markdown) {
        Path assets = markdown.resolveSibling("benchmarks");
        try {
            Files.createDirectories(assets);
            JSON.writeValue(assets.resolve("results.json").toFile(), outcomes);
            List<Outcome> baseline = Baseline.read(assets.resolve("baseline.json"));
            String text = render(assets, baseline);
            Files.writeString(markdown, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the report " + markdown, e);
        }
    }

    private String render(Path assets, List<Outcome> baseline) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks: Skein and the official Node.js server, side by side\n\n");
        md.append("Written by `bench/run.sh` on ")
                .append(ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE))
                .append(" in ")
                .append(took.toMinutes())
                .append(" min. Each figure is the median over ")
                .append(options.rounds())
                .append(" rounds; within a round the systems ran one after the other (Skein first in odd rounds, the"
                        + " peer first in even ones), on the same machine, the same `redis-server`, the same"
                        + " load generator. The ratio is Skein / Node.js: below 1 is better for CPU and latency,"
                        + " above 1 for throughput.\n\n");
        Machine.describe(md, systems, options);
        md.append("\n## Summary\n\n");
        summary(md, baseline);
        loadGenerator(md);
        for (Scenario scenario : scenarios) {
            List<Outcome> ofScenario = outcomes.stream()
                    .filter(o -> o.scenario().equals(scenario.name()))
                    .toList();
            if (ofScenario.isEmpty()) {
                continue;
            }
            md.append("\n## ")
                    .append(scenario.name())
                    .append("\n\n")
                    .append(scenario.description())
                    .append(".\n\n");
            steps(md, ofScenario, assets);
            curves(md, ofScenario, assets);
            ofScenario.forEach(
                    o -> o.notes().forEach(note -> md.append('\n').append(note).append('\n')));
        }
        handKept(md, assets.resolve("notes.md"));
        if (!failures.isEmpty()) {
            md.append("\n## Failures\n\n");
            failures.forEach(f -> md.append("- ").append(f).append('\n'));
        }
        return md.toString();
    }

    private void summary(StringBuilder md, List<Outcome> baseline) {
        boolean before = !baseline.isEmpty();
        Map<String, Double> floor = floorFigures();
        md.append("| scenario | variant | figure |").append(before ? " Skein before |" : "");
        systems.forEach(system -> md.append(' ').append(system.name()).append(" |"));
        md.append(systems.size() == 2 ? " ratio |" : "")
                .append(floor.isEmpty() ? "" : " native floor |")
                .append('\n');
        md.append("|---|---|---|").append(before ? "---:|" : "").append("---:|".repeat(systems.size()));
        md.append(systems.size() == 2 ? "---:|" : "")
                .append(floor.isEmpty() ? "" : "---:|")
                .append('\n');
        Map<Key, Map<String, Double>> old = medians(baseline);
        List<Outcome> measured = outcomes.stream()
                .filter(o -> !o.system().equals(FloorScenario.SYSTEM))
                .toList();
        for (Map.Entry<Key, Map<String, Double>> row : medians(measured).entrySet()) {
            Key key = row.getKey();
            md.append("| ")
                    .append(key.scenario())
                    .append(" | ")
                    .append(key.variant())
                    .append(" | ")
                    .append(key.figure())
                    .append(" |");
            if (before) {
                md.append(' ')
                        .append(cell(old.getOrDefault(key, Map.of()).get("Skein")))
                        .append(" |");
            }
            systems.forEach(system -> md.append(' ')
                    .append(cell(row.getValue().get(system.name())))
                    .append(" |"));
            if (systems.size() == 2) {
                md.append(' ')
                        .append(ratio(
                                row.getValue().get(systems.get(0).name()),
                                row.getValue().get(systems.get(1).name())))
                        .append(" |");
            }
            if (!floor.isEmpty()) {
                boolean applies =
                        key.variant().startsWith("1 node") || key.scenario().equals("floor");
                md.append(' ')
                        .append(applies ? cell(floor.get(key.figure())) : "")
                        .append(" |");
            }
            md.append('\n');
        }
    }

    /**
     * {@code benchmarks/notes.md}, kept by hand (figures of runs with other settings, with their command), at
     * the end of the report, so that a rerun keeps them.
     */
    private static void handKept(StringBuilder md, Path notes) throws IOException {
        if (Files.isRegularFile(notes)) {
            md.append('\n')
                    .append(Files.readString(notes, StandardCharsets.UTF_8).strip())
                    .append('\n');
        }
    }

    /** How much of a core the load generator used at the highest delivered rate of the run. */
    private void loadGenerator(StringBuilder md) {
        outcomes.stream()
                .flatMap(o -> o.steps().stream().map(s -> Map.entry(o, s)))
                .max(java.util.Comparator.comparingDouble(e -> e.getValue().deliveredPerSecond()))
                .ifPresent(e -> md.append(String.format(
                        Locale.ROOT,
                        "%nThe load generator is not the bottleneck: at the highest delivered rate of the run (%s msg/s,"
                                + " %s, %s, %s, round %d) it used %.2f µs of CPU per received message, %.2f of one core per"
                                + " 100,000 messages per second.%n",
                        number(e.getValue().deliveredPerSecond()),
                        e.getKey().scenario(),
                        e.getKey().variant(),
                        e.getKey().system(),
                        e.getKey().round(),
                        e.getValue().generatorCpuMicrosPerMessage(),
                        e.getValue().generatorCpuMicrosPerMessage() / 10)));
    }

    /** The native floor's figures by label (the labels it shares with fan-out and idle). */
    private Map<String, Double> floorFigures() {
        List<Outcome> floor = outcomes.stream()
                .filter(o -> o.system().equals(FloorScenario.SYSTEM))
                .toList();
        Map<String, Double> figures = new LinkedHashMap<>();
        medians(floor).forEach((key, bySystem) -> figures.put(key.figure(), bySystem.get(FloorScenario.SYSTEM)));
        return figures;
    }

    private static String cell(Double value) {
        return value == null ? "—" : number(value);
    }

    private static String ratio(Double a, Double b) {
        return a == null || b == null || b == 0 ? "—" : String.format(Locale.ROOT, "%.2f", a / b);
    }

    private void steps(StringBuilder md, List<Outcome> ofScenario, Path assets) throws IOException {
        Set<String> variants = new LinkedHashSet<>();
        ofScenario.forEach(o -> variants.add(o.variant()));
        for (String variant : variants) {
            List<Outcome> ofVariant =
                    ofScenario.stream().filter(o -> o.variant().equals(variant)).toList();
            if (ofVariant.stream().allMatch(o -> o.steps().isEmpty())) {
                continue;
            }
            md.append("### ").append(variant).append("\n\n");
            md.append(
                    "| system | offered/s | sent/s | delivered/s | server CPU µs/msg | Redis CPU µs/msg | load gen CPU µs/msg"
                            + " | p50 ms | p99 ms | p99.9 ms | max ms | clients lost |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            Map<String, List<Step>> bySystem = medianSteps(ofVariant);
            bySystem.forEach((system, steps) -> steps.forEach(s -> md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %.2f | %.2f | %.2f | %.1f | %.1f | %.1f | %.1f | %d |%n",
                    system,
                    number(s.offeredPerSecond()),
                    number(s.sentPerSecond()),
                    number(s.deliveredPerSecond()),
                    s.serverCpuMicrosPerMessage(),
                    s.redisCpuMicrosPerMessage(),
                    s.generatorCpuMicrosPerMessage(),
                    s.p50Micros() / 1000.0,
                    s.p99Micros() / 1000.0,
                    s.p999Micros() / 1000.0,
                    s.maxMicros() / 1000.0,
                    s.lostClients()))));
            String file = Plots.latencyAgainstRate(assets, ofVariant.get(0).scenario(), variant, bySystem);
            md.append("\n![p99 latency against delivered rate, ")
                    .append(variant)
                    .append("](benchmarks/")
                    .append(file)
                    .append(")\n\n");
        }
    }

    /** The measured curves of a scenario (memory against connections), one plot per variant. */
    private void curves(StringBuilder md, List<Outcome> ofScenario, Path assets) throws IOException {
        Map<String, Map<String, List<Outcome.CurvePoint>>> byVariant = new LinkedHashMap<>();
        for (Outcome outcome : ofScenario) {
            if (outcome.round() != 1) {
                continue;
            }
            outcome.curves().forEach((curve, points) -> byVariant
                    .computeIfAbsent(outcome.variant(), k -> new LinkedHashMap<>())
                    .put(outcome.system() + " " + curve, points));
        }
        for (Map.Entry<String, Map<String, List<Outcome.CurvePoint>>> variant : byVariant.entrySet()) {
            String file = Plots.curves(assets, ofScenario.get(0).scenario(), variant.getKey(), variant.getValue());
            md.append("\n![memory against connections, ")
                    .append(variant.getKey())
                    .append(" (round 1)](benchmarks/")
                    .append(file)
                    .append(")\n");
        }
    }

    /** Per system, the step-wise median over rounds (steps matched by their offered rate). */
    static Map<String, List<Step>> medianSteps(List<Outcome> ofVariant) {
        Map<String, TreeMap<Double, List<Step>>> grouped = new LinkedHashMap<>();
        for (Outcome outcome : ofVariant) {
            for (Step step : outcome.steps()) {
                grouped.computeIfAbsent(outcome.system(), k -> new TreeMap<>())
                        .computeIfAbsent(step.offeredPerSecond(), k -> new ArrayList<>())
                        .add(step);
            }
        }
        Map<String, List<Step>> medians = new LinkedHashMap<>();
        grouped.forEach((system, byRate) ->
                medians.put(system, byRate.values().stream().map(Medians::step).toList()));
        return medians;
    }

    private record Key(String scenario, String variant, String figure) {}

    private static Map<Key, Map<String, Double>> medians(List<Outcome> outcomes) {
        Map<Key, Map<String, List<Double>>> values = new LinkedHashMap<>();
        for (Outcome outcome : outcomes) {
            outcome.figures().forEach((figure, value) -> values.computeIfAbsent(
                            new Key(outcome.scenario(), outcome.variant(), figure), k -> new LinkedHashMap<>())
                    .computeIfAbsent(outcome.system(), k -> new ArrayList<>())
                    .add(value));
        }
        Map<Key, Map<String, Double>> medians = new LinkedHashMap<>();
        values.forEach((key, bySystem) -> {
            Map<String, Double> row = new LinkedHashMap<>();
            bySystem.forEach((system, list) -> row.put(system, Medians.of(list)));
            medians.put(key, row);
        });
        return medians;
    }

    /** A figure as the report prints it: thousands separated, two decimals below 100. */
    static String number(double value) {
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
