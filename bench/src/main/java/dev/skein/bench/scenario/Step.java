package dev.skein.bench.scenario;

import org.HdrHistogram.Histogram;

/**
 * What one measured window of a scenario saw.
 *
 * @param offeredPerSecond messages per second the load asked for (deliveries, for a fan-out)
 * @param sentPerSecond messages per second the load really sent in the window (deliveries it asked for)
 * @param deliveredPerSecond messages per second the clients received
 * @param serverCpuMicrosPerMessage the server nodes' CPU per delivered message
 * @param redisCpuMicrosPerMessage Redis's CPU per delivered message (0 without Redis)
 * @param generatorCpuMicrosPerMessage the load generator's own CPU per delivered message
 * @param p50Micros median latency, send to receipt
 * @param p99Micros 99th percentile latency
 * @param p999Micros 99.9th percentile latency
 * @param maxMicros the largest latency
 * @param lostClients clients whose session ended during the window
 */
public record Step(
        double offeredPerSecond,
        double sentPerSecond,
        double deliveredPerSecond,
        double serverCpuMicrosPerMessage,
        double redisCpuMicrosPerMessage,
        double generatorCpuMicrosPerMessage,
        long p50Micros,
        long p99Micros,
        long p999Micros,
        long maxMicros,
        int lostClients) {

    /** A step from its counts and latency histogram. */
    static Step of(
            double offeredPerSecond,
            long sent,
            long delivered,
            double seconds,
            long serverCpuNanos,
            long redisCpuNanos,
            long generatorCpuNanos,
            Histogram latency,
            int lostClients) {
        double perMessage = Math.max(1, delivered) * 1000.0;
        return new Step(
                offeredPerSecond,
                sent / seconds,
                delivered / seconds,
                serverCpuNanos / perMessage,
                redisCpuNanos / perMessage,
                generatorCpuNanos / perMessage,
                latency.getValueAtPercentile(50),
                latency.getValueAtPercentile(99),
                latency.getValueAtPercentile(99.9),
                latency.getMaxValue(),
                lostClients);
    }

    /** True when the clients got nearly all that was sent in the window ({@code >= 95 %}). */
    public boolean keptUp() {
        return deliveredPerSecond >= 0.95 * sentPerSecond;
    }
}
