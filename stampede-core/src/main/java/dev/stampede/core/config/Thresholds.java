package dev.stampede.core.config;

import java.util.Map;

/**
 * Pass/fail limits, seed 001's names and defaults. A null limit is not checked. Immutable.
 *
 * @param warnFraction a value past this fraction of its limit is a warning (0.8: warn at 80%)
 * @param queryTargets per-operation mean latency targets (seed 003's table), by operation name
 * @param targetLimits limits that a target judges (min_cache_hit_rate, max_celery_queue_length...), by key
 */
public record Thresholds(Double maxAvgResponseTimeMs, Double maxP95ResponseTimeMs, Double maxP99ResponseTimeMs,
                         Double maxErrorRatePercent, Double maxConnectionFailureRatePercent,
                         Double maxDbConnectionPoolUsagePercent, Double maxDbQueryTimeMs,
                         Double maxConnectionAcquireP95Ms, Double minThroughputOps, double warnFraction,
                         Map<String, QueryTarget> queryTargets, Map<String, Double> targetLimits) {

    public Thresholds {
        queryTargets = queryTargets == null ? Map.of() : Map.copyOf(queryTargets);
        targetLimits = targetLimits == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(targetLimits));
    }

    public Thresholds(Double maxAvgResponseTimeMs, Double maxP95ResponseTimeMs, Double maxP99ResponseTimeMs,
                      Double maxErrorRatePercent, Double maxConnectionFailureRatePercent,
                      Double maxDbConnectionPoolUsagePercent, Double maxDbQueryTimeMs,
                      Double maxConnectionAcquireP95Ms, Double minThroughputOps, double warnFraction,
                      Map<String, QueryTarget> queryTargets) {
        this(maxAvgResponseTimeMs, maxP95ResponseTimeMs, maxP99ResponseTimeMs, maxErrorRatePercent,
                maxConnectionFailureRatePercent, maxDbConnectionPoolUsagePercent, maxDbQueryTimeMs,
                maxConnectionAcquireP95Ms, minThroughputOps, warnFraction, queryTargets, Map.of());
    }

    public Thresholds(Double maxAvgResponseTimeMs, Double maxP95ResponseTimeMs, Double maxP99ResponseTimeMs,
                      Double maxErrorRatePercent, Double maxConnectionFailureRatePercent,
                      Double maxDbConnectionPoolUsagePercent, Double maxDbQueryTimeMs,
                      Double maxConnectionAcquireP95Ms, Double minThroughputOps, double warnFraction) {
        this(maxAvgResponseTimeMs, maxP95ResponseTimeMs, maxP99ResponseTimeMs, maxErrorRatePercent,
                maxConnectionFailureRatePercent, maxDbConnectionPoolUsagePercent, maxDbQueryTimeMs,
                maxConnectionAcquireP95Ms, minThroughputOps, warnFraction, Map.of(), Map.of());
    }

    /**
     * A named query's mean latency target: at or under {@code targetMs} passes, up to {@code criticalMs}
     * warns, over it fails.
     */
    public record QueryTarget(double targetMs, double criticalMs) {
    }

    /** Seed 001's defaults, plus seed 002's repository targets (critical at twice the target). */
    public static Thresholds defaults() {
        return new Thresholds(500.0, 1000.0, 2000.0, 1.0, 2.0, 90.0, 100.0, null, null, 0.8, Map.of(
                "create_user", new QueryTarget(50, 100), "get_by_id", new QueryTarget(10, 20),
                "update_user", new QueryTarget(20, 40), "soft_delete", new QueryTarget(20, 40),
                "restore", new QueryTarget(20, 40), "get_by_username", new QueryTarget(20, 40),
                "get_by_email", new QueryTarget(20, 40)));
    }

    /** The slow-query threshold for an operation: its target when it has one, else max_db_query_time_ms. */
    public double slowMs(String operation) {
        QueryTarget t = queryTargets.get(operation);
        if (t != null) return t.targetMs();
        return maxDbQueryTimeMs == null ? 100 : maxDbQueryTimeMs;
    }
}
