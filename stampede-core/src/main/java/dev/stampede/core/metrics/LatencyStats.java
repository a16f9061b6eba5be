package dev.stampede.core.metrics;

import org.HdrHistogram.Histogram;

/**
 * Summary of one latency distribution, in milliseconds. Values come from an HdrHistogram recorded in
 * microseconds with 3 significant digits, so every percentile is within 0.1% of the true value and
 * p99 can never exceed max (the Locust rounding bug we do not repeat).
 */
public record LatencyStats(long count, double minMs, double meanMs, double p50Ms, double p90Ms, double p95Ms,
                           double p99Ms, double p999Ms, double maxMs, double stddevMs) {

    public static final LatencyStats EMPTY = new LatencyStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Summarises a histogram whose values are microseconds. */
    public static LatencyStats ofMicros(Histogram h) {
        if (h.getTotalCount() == 0) return EMPTY;
        return new LatencyStats(h.getTotalCount(),
                ms(h.getMinValue()), h.getMean() / 1000.0,
                ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(95)),
                ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()),
                h.getStdDeviation() / 1000.0);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
