package dev.skein.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's command line, validated.
 *
 * @param scenarios scenario names to run, in order (empty: all)
 * @param systems {@code skein}, {@code node}, or both, alternated within each round
 * @param rounds rounds per scenario (each runs every system once)
 * @param warmup each step's warm-up
 * @param measure each step's measured window
 * @param scale factor on client counts and rates (1 for the report)
 * @param threads load generator event loops
 * @param report the markdown report to write, or null for none
 * @param profile whether to keep a CPU profile of Skein in the fan-out scenario
 * @param repo the repository root
 * @param variantFilter only variants whose label contains it (empty: all)
 * @param skeinSettings extra environment of every Skein node ({@code SKEIN_*} settings), such as {@code
 *     SKEIN_WS_COMPRESSION=true}
 */
public record BenchOptions(
        List<String> scenarios,
        List<String> systems,
        int rounds,
        Duration warmup,
        Duration measure,
        double scale,
        int threads,
        Path report,
        boolean profile,
        Path repo,
        String variantFilter,
        java.util.Map<String, String> skeinSettings) {
    static final String USAGE = """
            usage: java -jar bench/target/skein-bench.jar [options] [scenario...]
              scenarios: fanout chat idle storm crossnode push floor (default: all)
              (java -jar bench/target/skein-bench.jar soak --help: the soak, docs/reliability.md)
              --systems skein,node   systems to compare (default: both, alternated)
              --rounds N             rounds (default 2)
              --warmup-ms N          warm-up of each step (default 1500)
              --measure-ms N         measured window of each step (default 4000)
              --scale F              factor on client counts and rates, (0,1] (default 1)
              --threads N            load generator event loops (default 1)
              --report PATH          write the markdown report there (default: none)
              --profile              record a JFR profile of Skein in the fan-out scenario
              --repo PATH            repository root (default: .)
              --only TEXT            only the variants whose label contains TEXT, e.g. "2 nodes"
              --skein-setting K=V    a setting for every Skein node, e.g. SKEIN_WS_COMPRESSION=true (repeatable)
            """;

    public BenchOptions {
        scenarios = List.copyOf(scenarios);
        skeinSettings = java.util.Map.copyOf(skeinSettings);
        for (String key : skeinSettings.keySet()) {
            require(key.startsWith("SKEIN_"), "skein-setting", key, "a SKEIN_* setting");
        }
        systems = List.copyOf(systems);
        require(rounds >= 1, "rounds", rounds, ">= 1");
        require(scale > 0 && scale <= 1, "scale", scale, "(0, 1]");
        require(threads >= 1 && threads <= 16, "threads", threads, "1..16");
        require(!systems.isEmpty(), "systems", systems, "skein and/or node");
        for (String system : systems) {
            require(system.equals("skein") || system.equals("node"), "systems", systems, "skein and/or node");
        }
    }

    /** Parses {@code args}; throws {@link IllegalArgumentException} with the usage on a bad one. */
    public static BenchOptions parse(String... args) {
        List<String> scenarios = new ArrayList<>();
        List<String> systems = List.of("skein", "node");
        int rounds = 2;
        long warmupMillis = 1500;
        long measureMillis = 4000;
        double scale = 1;
        int threads = 1;
        Path report = null;
        boolean profile = false;
        Path repo = Path.of("").toAbsolutePath();
        String only = "";
        java.util.Map<String, String> skeinSettings = new java.util.LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                scenarios.add(arg.toLowerCase(Locale.ROOT));
                continue;
            }
            if (arg.equals("--profile")) {
                profile = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(arg + " needs a value\n" + USAGE);
            }
            String value = args[++i];
            try {
                switch (arg) {
                    case "--systems" ->
                        systems = List.of(value.toLowerCase(Locale.ROOT).split(","));
                    case "--rounds" -> rounds = Integer.parseInt(value);
                    case "--warmup-ms" -> warmupMillis = Long.parseLong(value);
                    case "--measure-ms" -> measureMillis = Long.parseLong(value);
                    case "--scale" -> scale = Double.parseDouble(value);
                    case "--threads" -> threads = Integer.parseInt(value);
                    case "--report" -> report = Path.of(value).toAbsolutePath();
                    case "--repo" -> repo = Path.of(value).toAbsolutePath();
                    case "--only" -> only = value;
                    case "--skein-setting" -> {
                        int eq = value.indexOf('=');
                        if (eq < 1) {
                            throw new IllegalArgumentException(
                                    "--skein-setting : " + value + " (expected: SKEIN_NAME=value)\n" + USAGE);
                        }
                        skeinSettings.put(value.substring(0, eq), value.substring(eq + 1));
                    }
                    default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(arg + " : " + value + " (expected: a number)\n" + USAGE, e);
            }
        }
        return new BenchOptions(
                scenarios,
                systems,
                rounds,
                Duration.ofMillis(warmupMillis),
                Duration.ofMillis(measureMillis),
                scale,
                threads,
                report,
                profile,
                repo,
                only,
                skeinSettings);
    }

    private static void require(boolean ok, String name, Object value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException(name + " : " + value + " (expected: " + expected + ")\n" + USAGE);
        }
    }
}
