package dev.skein.bench.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The soak's command line, validated.
 *
 * @param duration how long the load runs
 * @param warmup the first part of the run that the verdict leaves out (the JIT, pools and heap sizing settle)
 * @param sampleEvery time between two samples (each runs a full GC on every node)
 * @param nodes Skein nodes, clustered over one {@code redis-server}
 * @param stableClients clients that stay connected the whole run, each in a room, sending to it
 * @param messageEvery how often each stable client sends to its room
 * @param churnPerSecond short-lived clients started per second: connect, join, emit, leave, disconnect
 * @param heapSlopeMbPerHour the most a node's heap after GC may grow per hour after the warm-up
 * @param rssSlopeMbPerHour the most a node's RSS may grow per hour after the warm-up
 * @param javaOptions each node's JVM options
 * @param out where the CSV, the plots and the verdict go
 * @param repo the repository root (for the server jar)
 */
public record SoakOptions(
        Duration duration,
        Duration warmup,
        Duration sampleEvery,
        int nodes,
        int stableClients,
        Duration messageEvery,
        int churnPerSecond,
        double heapSlopeMbPerHour,
        double rssSlopeMbPerHour,
        String javaOptions,
        Path out,
        Path repo) {
    static final String USAGE = """
            usage: java -jar bench/target/skein-bench.jar soak [options]
              --minutes N              how long the load runs (default 30; fractions allowed)
              --warmup-minutes N       left out of the verdict (default: 5, or a fifth of a shorter run)
              --sample-seconds N       between two samples, each with a full GC per node (default 30)
              --nodes N                Skein nodes over one redis-server (default 3)
              --stable-clients N       clients connected throughout, sending to their room (default 240)
              --message-ms N           each stable client sends every N ms (default 2000)
              --churn-per-second N     short-lived clients started per second (default 10)
              --heap-slope-mb-h N      verdict: most heap-after-GC growth per node per hour (default 10)
              --rss-slope-mb-h N       verdict: most RSS growth per node per hour (default 32)
              --java-options "..."     each node's JVM options (default: -Xmx512m)
              --out DIR                where the CSV, plots and verdict go (default bench/target/soak)
              --repo PATH              repository root (default: .)
            """;

    public SoakOptions {
        require(!duration.isNegative() && !duration.isZero(), "minutes", duration, "> 0");
        require(!warmup.isNegative() && warmup.compareTo(duration) < 0, "warmup-minutes", warmup, "0 .. the run");
        require(sampleEvery.toSeconds() >= 1, "sample-seconds", sampleEvery, ">= 1 s");
        require(nodes >= 1 && nodes <= 8, "nodes", nodes, "1..8");
        require(stableClients >= nodes && stableClients <= 5_000, "stable-clients", stableClients, "nodes..5000");
        require(messageEvery.toMillis() >= 10, "message-ms", messageEvery, ">= 10 ms");
        require(churnPerSecond >= 0 && churnPerSecond <= 500, "churn-per-second", churnPerSecond, "0..500");
        require(heapSlopeMbPerHour > 0, "heap-slope-mb-h", heapSlopeMbPerHour, "> 0");
        require(rssSlopeMbPerHour > 0, "rss-slope-mb-h", rssSlopeMbPerHour, "> 0");
    }

    /** Parses the arguments after {@code soak}; throws {@link IllegalArgumentException} with the usage. */
    public static SoakOptions parse(String... args) {
        double minutes = 30;
        Double warmupMinutes = null;
        long sampleSeconds = 30;
        int nodes = 3;
        int stable = 240;
        long messageMillis = 2_000;
        int churn = 10;
        double heapSlope = 10;
        double rssSlope = 32;
        String javaOptions = "-Xmx512m";
        Path out = null;
        Path repo = Path.of("").toAbsolutePath();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(arg + " needs a value\n" + USAGE);
            }
            String value = args[++i];
            try {
                switch (arg) {
                    case "--minutes" -> minutes = Double.parseDouble(value);
                    case "--warmup-minutes" -> warmupMinutes = Double.parseDouble(value);
                    case "--sample-seconds" -> sampleSeconds = Long.parseLong(value);
                    case "--nodes" -> nodes = Integer.parseInt(value);
                    case "--stable-clients" -> stable = Integer.parseInt(value);
                    case "--message-ms" -> messageMillis = Long.parseLong(value);
                    case "--churn-per-second" -> churn = Integer.parseInt(value);
                    case "--heap-slope-mb-h" -> heapSlope = Double.parseDouble(value);
                    case "--rss-slope-mb-h" -> rssSlope = Double.parseDouble(value);
                    case "--java-options" -> javaOptions = value;
                    case "--out" -> out = Path.of(value).toAbsolutePath();
                    case "--repo" -> repo = Path.of(value).toAbsolutePath();
                    default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(arg + " : " + value + " (expected: a number)\n" + USAGE, e);
            }
        }
        Duration duration = minutes(minutes);
        Duration warmup = warmupMinutes != null
                ? minutes(warmupMinutes)
                : duration.compareTo(Duration.ofMinutes(25)) >= 0 ? Duration.ofMinutes(5) : duration.dividedBy(5);
        return new SoakOptions(
                duration,
                warmup,
                Duration.ofSeconds(sampleSeconds),
                nodes,
                stable,
                Duration.ofMillis(messageMillis),
                churn,
                heapSlope,
                rssSlope,
                javaOptions,
                out != null ? out : repo.resolve("bench/target/soak"),
                repo);
    }

    private static Duration minutes(double minutes) {
        return Duration.ofMillis(Math.round(minutes * 60_000));
    }

    private static void require(boolean ok, String name, Object value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "%s : %s (expected: %s)%n%s", name, value, expected, USAGE));
        }
    }
}
