package dev.stampede.core.compare;

/**
 * One metric of one operation, baseline against current. Medians of the per-run values; with one run a side, the run's
 * value. Immutable.
 *
 * @param thresholdPercent the change that counts (seed 003's 20 % unless configured)
 * @param changePercent    (current - baseline) / baseline x 100; for error rate the baseline is floored at 0.1
 *                         percentage points so a rise from zero errors has a finite size; null without both sides
 * @param pValue           one-sided Mann-Whitney p-value for "current is worse" (or "better" when the change is an
 *                         improvement); null when there were too few runs to test
 * @param ratioLow         low end of the bootstrap 95 % interval of median(current) / median(baseline); null with fewer
 *                         than two runs on a side
 * @param method           how the verdict was reached, in words (the test, or the plain rule and why)
 * @param reason           why the verdict, with the numbers
 */
public record ComparisonRow(String scenario, String operation, String metric, String label, String unit,
                            double thresholdPercent, int baselineRuns, int currentRuns, Double baseline, Double current,
                            Double changePercent, Double pValue, Double ratioLow, Double ratioHigh, String method,
                            Change verdict, String reason) {

    /** A short name for the row: {@code scenario / operation / metric}. */
    public String title() {
        return scenario + " / " + operation + " / " + metric;
    }
}
