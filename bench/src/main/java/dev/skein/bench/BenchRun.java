package dev.skein.bench;

import dev.skein.bench.load.LoadGenerator;
import dev.skein.bench.report.Report;
import dev.skein.bench.scenario.BenchContext;
import dev.skein.bench.scenario.Failures;
import dev.skein.bench.scenario.Outcome;
import dev.skein.bench.scenario.Scenario;
import dev.skein.bench.scenario.Scenarios;
import dev.skein.bench.system.NodeSystem;
import dev.skein.bench.system.ServerSystem;
import dev.skein.bench.system.SkeinSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One benchmark run: every chosen scenario, round after round, the systems alternated within each round
 * (Skein first in odd rounds, the peer first in even ones), then the report.
 */
public final class BenchRun {
    private final BenchOptions options;

    public BenchRun(BenchOptions options) {
        this.options = options;
    }

    /** Runs and returns the exit status: 0, or 1 when a scenario failed. */
    public int run() {
        Path workDir = options.repo().resolve("bench/target/run");
        List<ServerSystem> systems = systems();
        Scenarios known = new Scenarios(options.repo(), skeinJavaOptions());
        List<Scenario> scenarios = known.named(options.scenarios());
        List<Outcome> outcomes = new ArrayList<>();
        Failures failures = new Failures();
        Instant started = Instant.now();
        try (LoadGenerator generator = new LoadGenerator(options.threads())) {
            BenchContext context = new BenchContext(
                    generator,
                    workDir.resolve("logs"),
                    workDir.resolve("artifacts"),
                    options.warmup(),
                    options.measure(),
                    options.scale(),
                    options.profile(),
                    options.variantFilter(),
                    failures);
            say(
                    "load generator: %d %s event loop(s); scenarios %s; %d round(s)",
                    options.threads(),
                    generator.transportName(),
                    scenarios.stream().map(Scenario::name).toList(),
                    options.rounds());
            for (Scenario scenario : scenarios) {
                for (int round = 1; round <= options.rounds(); round++) {
                    if (!scenario.perSystem()) {
                        runOne(scenario, null, round, context, outcomes, failures);
                        continue;
                    }
                    for (ServerSystem system : inRoundOrder(systems, round)) {
                        runOne(scenario, system, round, context, outcomes, failures);
                    }
                }
            }
        }
        Duration took = Duration.between(started, Instant.now());
        if (options.report() != null) {
            new Report(options, systems, known.all(), outcomes, failures.all(), took).write(options.report());
            say("wrote %s", options.report());
        }
        failures.all().forEach(f -> say("FAILED %s", f));
        say(
                "done in %d s: %d outcome(s), %d failure(s)",
                took.toSeconds(), outcomes.size(), failures.all().size());
        return failures.all().isEmpty() ? 0 : 1;
    }

    private void runOne(
            Scenario scenario,
            ServerSystem system,
            int round,
            BenchContext context,
            List<Outcome> outcomes,
            Failures failures) {
        String who = system == null ? "on its own" : system.name();
        say("%s round %d: %s ...", scenario.name(), round, who);
        long start = System.nanoTime();
        try {
            for (Outcome outcome : scenario.run(system, round, context)) {
                outcomes.add(outcome);
                say("  %s / %s: %s", outcome.variant(), outcome.system(), format(outcome));
            }
        } catch (RuntimeException e) {
            failures.add(scenario.name() + " round " + round + " (" + who + ")", e);
            say("  failed: %s", e);
        }
        say("  (%d s)", (System.nanoTime() - start) / 1_000_000_000L);
    }

    private static String format(Outcome outcome) {
        StringBuilder text = new StringBuilder();
        outcome.figures().forEach((k, v) -> text.append(k)
                .append(" = ")
                .append(String.format(Locale.ROOT, "%.2f", v))
                .append("; "));
        outcome.steps()
                .forEach(s -> text.append(String.format(
                        Locale.ROOT,
                        "%n      offered %.0f/s sent %.0f/s delivered %.0f/s cpu %.2f µs (redis %.2f, gen %.2f) p50 %.1f ms p99 %.1f ms lost %d",
                        s.offeredPerSecond(),
                        s.sentPerSecond(),
                        s.deliveredPerSecond(),
                        s.serverCpuMicrosPerMessage(),
                        s.redisCpuMicrosPerMessage(),
                        s.generatorCpuMicrosPerMessage(),
                        s.p50Micros() / 1000.0,
                        s.p99Micros() / 1000.0,
                        s.lostClients())));
        return text.toString();
    }

    private List<ServerSystem> systems() {
        List<ServerSystem> systems = new ArrayList<>();
        for (String name : options.systems()) {
            systems.add(
                    name.equals("skein")
                            ? new SkeinSystem(
                                    options.repo().resolve("server/target/skein-server.jar"),
                                    skeinJavaOptions(),
                                    options.skeinSettings())
                            : new NodeSystem(options.repo().resolve("bench/peer")));
        }
        return systems;
    }

    /** Skein's JVM options: {@code SKEIN_BENCH_JAVA_OPTS}, else a 1 GiB heap on the default collector. */
    static String skeinJavaOptions() {
        String fromEnv = System.getenv("SKEIN_BENCH_JAVA_OPTS");
        return fromEnv == null || fromEnv.isBlank() ? "-Xmx1g" : fromEnv;
    }

    private static List<ServerSystem> inRoundOrder(List<ServerSystem> systems, int round) {
        List<ServerSystem> ordered = new ArrayList<>(systems);
        if (round % 2 == 0) {
            java.util.Collections.reverse(ordered);
        }
        return ordered;
    }

    static void say(String format, Object... args) {
        System.out.printf(Locale.ROOT, "%tT " + format + "%n", prepend(java.time.LocalTime.now(), args));
        System.out.flush();
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    static void ensureDir(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
