package dev.skein.bench.scenario;

import org.HdrHistogram.Histogram;

/**
 * What one measured window of a scenario saw.
 *
 * @param offeredPerSecond messages per second the load asked for (deliveries, for a fan-out)
 * @param sentPerSecond deliveries per second the messages really sent in the window asked for
 * @param deliveredPerSecond deliveries per second of the messages sent in the window (counted whenever they
 *     arrived, so that a backlog shows as latency and only a loss as a shortfall)
 * @param serverCpuMicrosPerMessage the server nodes' CPU in the window per message the clients received in it
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
            long receivedDuringWindow,
            double seconds,
            long serverCpuNanos,
            long redisCpuNanos,
            long generatorCpuNanos,
            Histogram latency,
            int lostClients) {
        double perMessage = Math.max(1, receivedDuringWindow) * 1000.0;
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

    /** True when the clients got all that was sent in the window (a few lost to a closing window aside). */
    public boolean keptUp() {
        return deliveredPerSecond >= 0.999 * sentPerSecond;
    }
}
