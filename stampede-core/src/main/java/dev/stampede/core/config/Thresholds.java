package dev.stampede.core.config;

/**
 * Pass/fail limits, seed 001's names and defaults. A null limit is not checked. Immutable.
 *
 * @param warnFraction a value past this fraction of its limit is a warning (0.8: warn at 80%)
 */
public record Thresholds(Double maxAvgResponseTimeMs, Double maxP95ResponseTimeMs, Double maxP99ResponseTimeMs,
                         Double maxErrorRatePercent, Double maxConnectionFailureRatePercent,
                         Double maxDbConnectionPoolUsagePercent, Double maxDbQueryTimeMs,
                         Double maxConnectionAcquireP95Ms, Double minThroughputOps, double warnFraction) {

    /** Seed 001's defaults. */
    public static Thresholds defaults() {
        return new Thresholds(500.0, 1000.0, 2000.0, 1.0, 2.0, 90.0, 100.0, null, null, 0.8);
    }
}
