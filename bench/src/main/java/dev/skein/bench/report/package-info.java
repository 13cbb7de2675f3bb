/**
 * What a benchmark run leaves for people to read: the report ({@code docs/benchmarks.md}, its tables and
 * results) and its plots. {@link dev.skein.bench.report.LineChart} draws PNG charts with Java2D, headless and
 * with nothing beyond the JDK, and {@link dev.skein.bench.report.NumberLabels} writes numbers the short way
 * ({@code 10k}, {@code 1.5M}); those two depend on nothing else in the benchmark. The report depends on the
 * scenarios' outcomes and the systems measured; nothing else in the benchmark depends on this package but
 * the runner.
 */
package dev.skein.bench.report;
