package dev.stampede.core.metrics;

/**
 * One second of one operation (or "ALL"): the per-second time series. Latencies in milliseconds over
 * the attempts that ended in this interval. About 100 bytes each, so a one-hour run of ten operations
 * keeps about 4 MB of rows: the only state that grows with run length, and linearly so.
 *
 * @param second end of the interval, in seconds since the scenario started (warm-up included)
 */
public record IntervalRow(double second, String phase, String operation, long ok, long failed, long unknown,
                          double throughputPerSec, double meanMs, double p50Ms, double p95Ms, double p99Ms,
                          double maxMs, double acquireP95Ms) {
}
