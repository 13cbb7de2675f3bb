/**
 * The soak: a long run of connection churn and room traffic on a clustered Skein over a real Redis, sampling
 * each node's heap after a full collection, RSS, connections and publish queue, and Redis's keys, memory and
 * pub/sub channels over time; it writes a CSV, plots and a verdict (slopes after the warm-up within bounds,
 * nothing growing). Started by {@code java -jar skein-bench.jar soak}. Depends on {@code load}, {@code system}
 * and the {@link dev.skein.bench.report.LineChart}; nothing depends on it but {@link dev.skein.bench.BenchMain}.
 */
package dev.skein.bench.soak;
