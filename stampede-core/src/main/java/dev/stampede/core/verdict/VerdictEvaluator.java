package dev.stampede.core.verdict;

import dev.stampede.core.config.RatingBands;
import dev.stampede.core.config.Thresholds;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.metrics.OperationSummary;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Checks a scenario's results against thresholds and rates them in seed 000's bands.
 *
 * <p>Rules: a value past its limit fails; a value past {@code warnFraction} of its limit, or rated
 * Poor, is a warning; otherwise it passes. Throughput is rated but not judged unless
 * {@code min_throughput_ops} is set, because a throttled open-model run is low by design. Dropped
 * arrivals and unknown outcomes are warnings: the numbers are honest but the load was not what was asked.
 */
public final class VerdictEvaluator {
    /** Metric names of the whole-scenario verdicts about latency, errors, connections and throughput. */
    public static final String AVG_RESPONSE_TIME = "avg_response_time_ms", P95_RESPONSE_TIME = "p95_response_time_ms",
            P99_RESPONSE_TIME = "p99_response_time_ms", ERROR_RATE = "error_rate_percent",
            CONNECTION_FAILURE_RATE = "connection_failure_rate_percent", DB_QUERY_TIME = "db_query_time_ms",
            ACQUIRE_P95 = "connection_acquire_p95_ms", UNKNOWN_OUTCOMES = "unknown_outcomes", THROUGHPUT = "throughput_ops";

    /**
     * The whole-scenario verdicts about the load (latency, errors, connections, unknown outcomes, throughput), as opposed
     * to a target's own checks: what a deliberate fault makes meaningless ({@code FaultVerdicts}).
     */
    public static final java.util.Set<String> LOAD_METRICS = java.util.Set.of(AVG_RESPONSE_TIME, P95_RESPONSE_TIME, P99_RESPONSE_TIME,
            ERROR_RATE, CONNECTION_FAILURE_RATE, DB_QUERY_TIME, ACQUIRE_P95, UNKNOWN_OUTCOMES, THROUGHPUT);

    private final Thresholds t;
    private final RatingBands bands;

    public VerdictEvaluator(Thresholds thresholds, RatingBands bands) {
        this.t = thresholds;
        this.bands = bands;
    }

    /**
     * @param poolSizedByUser false when the pool defaulted to one connection per user: then full usage
     *                        is by construction, so pool usage is reported but not judged
     */
    public List<MetricVerdict> evaluate(ScenarioRun run, boolean poolSizedByUser) {
        OperationSummary all = run.metrics().all();
        List<MetricVerdict> out = new ArrayList<>();
        if (all.attempts() == 0) {
            out.add(new MetricVerdict("attempts", "Attempts", 0, "", null, ">=", Status.FAILED, null,
                    "no attempt was recorded, so nothing can be judged"));
            return out;
        }
        String rtRating = lowerIsBetter(all.latency().meanMs(), bands.responseTimeMs());
        out.add(upper(AVG_RESPONSE_TIME, "Average response time", all.latency().meanMs(), "ms", t.maxAvgResponseTimeMs(), rtRating));
        out.add(upper(P95_RESPONSE_TIME, "P95 response time", all.latency().p95Ms(), "ms", t.maxP95ResponseTimeMs(), null));
        out.add(upper(P99_RESPONSE_TIME, "P99 response time", all.latency().p99Ms(), "ms", t.maxP99ResponseTimeMs(), null));
        double errPct = all.errorRate() * 100;
        out.add(upper(ERROR_RATE, "Error rate", errPct, "%", t.maxErrorRatePercent(),
                lowerIsBetter(errPct, bands.errorRatePercent())));
        out.add(upper(CONNECTION_FAILURE_RATE, "Connection failure rate", all.connectionFailureRate() * 100, "%",
                t.maxConnectionFailureRatePercent(), null));
        out.add(upper(DB_QUERY_TIME, "Mean query execution time", all.execution().meanMs(), "ms", t.maxDbQueryTimeMs(), null));
        if (all.acquire().count() > 0 && t.maxConnectionAcquireP95Ms() != null) {
            out.add(upper(ACQUIRE_P95, "P95 pool acquire time", all.acquire().p95Ms(), "ms",
                    t.maxConnectionAcquireP95Ms(), null));
        }
        OptionalDouble pool = ScenarioFacts.poolUsagePercent(run);
        if (pool.isPresent() && poolSizedByUser) {
            out.add(upper("db_connection_pool_usage_percent", "Peak pool usage", pool.getAsDouble(), "%",
                    t.maxDbConnectionPoolUsagePercent(), null));
        } else if (pool.isPresent()) {
            out.add(new MetricVerdict("db_connection_pool_usage_percent", "Peak pool usage", pool.getAsDouble(), "%", null,
                    "<=", Status.PASSED, null, "not judged: the pool had one connection per user (set database.pool_size to test a smaller pool)"));
        }
        out.add(throughput(all.throughputPerSec()));
        for (OperationSummary op : run.metrics().operations()) {
            var target = t.queryTargets().get(op.name());
            if (target == null || op.attempts() == 0) continue;
            double mean = op.latency().meanMs();
            Status st = mean <= target.targetMs() ? Status.PASSED : mean <= target.criticalMs() ? Status.WARNING : Status.FAILED;
            out.add(new MetricVerdict("query_target:" + op.name(), op.name() + " mean time", mean, "ms", target.targetMs(), "<=", st,
                    null, String.format(java.util.Locale.ROOT, "target %.0f ms, critical %.0f ms", target.targetMs(), target.criticalMs())));
        }
        if (run.metrics().droppedArrivals() > 0) {
            out.add(new MetricVerdict("dropped_arrivals", "Dropped arrivals", run.metrics().droppedArrivals(), "", 0.0, "<=",
                    Status.WARNING, null, "arrivals were due but could not start before the phase ended: the target or the "
                    + "in-flight limit (connections) could not keep up with the requested rate"));
        }
        if (all.unknown() > 0) {
            out.add(new MetricVerdict(UNKNOWN_OUTCOMES, "Unknown outcomes", all.unknown(), "", 0.0, "<=", Status.WARNING, null,
                    "attempts whose effect is unknown (connection lost mid-statement, or stopped)"));
        }
        return out;
    }

    /** The worst status among {@code verdicts}; FAILED when the run lost its target. */
    public static Status overall(List<MetricVerdict> verdicts) {
        Status s = Status.PASSED;
        for (MetricVerdict v : verdicts) s = s.worst(v.status());
        return s;
    }

    private MetricVerdict upper(String metric, String label, double value, String unit, Double limit, String rating) {
        Status status;
        String reason;
        if (limit == null) {
            status = "Poor".equals(rating) ? Status.WARNING : Status.PASSED;
            reason = limit == null && rating != null ? "rated " + rating : "not checked";
        } else if (value > limit) {
            status = Status.FAILED;
            reason = String.format(java.util.Locale.ROOT, "%.2f %s is over the limit of %.2f %s", value, unit, limit, unit);
        } else if (value > limit * t.warnFraction()) {
            status = Status.WARNING;
            reason = String.format(java.util.Locale.ROOT, "%.2f %s is within %.0f%% of the limit", value, unit,
                    100 * (1 - value / limit));
        } else if ("Poor".equals(rating)) {
            status = Status.WARNING;
            reason = "within the limit but rated Poor";
        } else {
            status = Status.PASSED;
            reason = "within the limit";
        }
        return new MetricVerdict(metric, label, value, unit, limit, "<=", status, rating, reason);
    }

    private MetricVerdict throughput(double value) {
        double[] b = bands.throughputOps();
        String rating = value > b[2] ? "High" : value >= b[1] ? "Good" : value >= b[0] ? "Acceptable" : "Low";
        Double min = t.minThroughputOps();
        Status status = min == null || value >= min ? Status.PASSED : Status.FAILED;
        String reason = min == null ? "rated " + rating + " (not judged: set thresholds.min_throughput_ops to check it)"
                : value >= min ? "at or above the minimum" : String.format(java.util.Locale.ROOT,
                "%.1f ops/s is under the minimum of %.1f", value, min);
        return new MetricVerdict(THROUGHPUT, "Throughput", value, "ops/s", min, ">=", status, rating, reason);
    }

    private static String lowerIsBetter(double v, double[] b) {
        return v < b[0] ? "Excellent" : v < b[1] ? "Good" : v < b[2] ? "Acceptable" : "Poor";
    }
}
