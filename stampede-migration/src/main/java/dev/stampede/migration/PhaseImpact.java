package dev.stampede.migration;

import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.core.verdict.Status;

/**
 * What users felt in one phase, against the baseline phase: latency percentiles, throughput and errors of the attempts
 * the engine recorded under the phase's operation, and their change. Degradation is {@code (phase - base) / base} in
 * percent for latency and throughput, and the difference in percentage points for the error rate. Immutable.
 *
 * @param seconds           the phase's length on the driver's clock (throughput's denominator)
 * @param throughputPerSec  successful attempts per second of the phase
 * @param errorRatePct      failed and unknown attempts, percent of attempts
 * @param p95ChangePct      null for the baseline itself or when either side had no attempts
 * @param status            PASSED, or the configured status when p95 or the error rate degraded beyond their limits
 * @param reason            why, in one sentence
 */
record PhaseImpact(String phase, double seconds, long attempts, long ok, long errors, double p50Ms, double p95Ms, double p99Ms,
                   double throughputPerSec, double errorRatePct, Double p95ChangePct, Double p99ChangePct, Double throughputChangePct,
                   Double errorRateChangePp, Status status, String reason) {

    /** The impact of {@code phase} over {@code seconds}, compared with {@code base} (null when this is the baseline). */
    static PhaseImpact of(String name, OperationSummary phase, double seconds, PhaseImpact base, double maxP95Pct, double maxErrorPp,
                          Status over) {
        long attempts = phase == null ? 0 : phase.attempts(), ok = phase == null ? 0 : phase.ok();
        long errors = attempts - ok;
        double p50 = phase == null ? 0 : phase.latency().p50Ms(), p95 = phase == null ? 0 : phase.latency().p95Ms(),
                p99 = phase == null ? 0 : phase.latency().p99Ms();
        double tput = seconds > 0 ? ok / seconds : 0;
        double err = attempts == 0 ? 0 : 100.0 * errors / attempts;
        if (base == null || base.attempts == 0 || attempts == 0) {
            return new PhaseImpact(name, seconds, attempts, ok, errors, p50, p95, p99, tput, err, null, null, null, null, Status.PASSED,
                    base == null ? "the baseline every phase is compared with" : "no attempts to compare");
        }
        Double p95c = change(p95, base.p95Ms), p99c = change(p99, base.p99Ms), tc = change(tput, base.throughputPerSec);
        double ec = err - base.errorRatePct;
        boolean slow = p95c != null && p95c > maxP95Pct, failing = ec > maxErrorPp;
        String reason = String.format(java.util.Locale.ROOT, "p95 %.2f ms vs %.2f ms (%s, limit +%.0f %%); errors %.2f %% vs %.2f %% (%+.2f pp, limit +%.2f pp)",
                p95, base.p95Ms, p95c == null ? "n/a" : String.format(java.util.Locale.ROOT, "%+.1f %%", p95c), maxP95Pct, err,
                base.errorRatePct, ec, maxErrorPp);
        return new PhaseImpact(name, seconds, attempts, ok, errors, p50, p95, p99, tput, err, p95c, p99c, tc, ec,
                slow || failing ? over : Status.PASSED, reason);
    }

    /** Percent change of {@code value} from {@code base}; null when the base is 0. */
    static Double change(double value, double base) {
        return base == 0 ? null : 100.0 * (value - base) / base;
    }
}
