package dev.stampede.core.compare;

import dev.stampede.core.config.ConfigException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares current measurements with a baseline, row by row (scenario, operation, metric). A row is a regression
 * only when its median moved past its threshold in the worse direction <em>and</em>, when both sides have enough
 * runs for the exact test to reach the significance level, the one-sided Mann-Whitney test says the current runs are
 * worse (p &le; alpha). With a single run a side, or too few runs for the test to ever be significant, the plain
 * threshold rule on the medians decides and the row says so. Improvements are judged the same way, mirrored.
 * Stateless apart from its rules; thread-safe.
 */
public final class Comparer {
    /** Error rates below this many percentage points are treated as this (a rise from zero has a finite size). */
    static final double ERROR_RATE_FLOOR = 0.1;

    private final CompareRules rules;

    public Comparer(CompareRules rules) {
        this.rules = rules;
    }

    /**
     * @throws ConfigException when the two sides share no scenario (a comparison of different scenarios)
     */
    public Comparison compare(Measurements baseline, Measurements current) {
        Set<String> common = new LinkedHashSet<>(current.scenarios());
        common.retainAll(baseline.scenarios());
        if (common.isEmpty()) {
            throw new ConfigException("different scenarios: " + current.source() + " has " + current.scenarios() + ", the baseline "
                    + baseline.source() + " has " + baseline.scenarios() + "; compare runs of the same scenario (or save a new "
                    + "baseline with 'stampede baseline save')");
        }
        List<String> notes = new ArrayList<>();
        for (String s : current.scenarios()) if (!common.contains(s)) notes.add("scenario " + s + " is not in the baseline: not compared");
        for (String s : baseline.scenarios()) if (!common.contains(s)) notes.add("scenario " + s + " of the baseline did not run now: not compared");
        List<ComparisonRow> rows = new ArrayList<>();
        Set<Measurements.Key> keys = new LinkedHashSet<>(current.values().keySet());
        keys.addAll(baseline.values().keySet());
        for (Measurements.Key k : keys) {
            if (!common.contains(k.scenario())) continue;
            rows.add(row(k, baseline.values().get(k), current.values().get(k)));
        }
        Change overall = rows.stream().anyMatch(r -> r.verdict() == Change.REGRESSION) ? Change.REGRESSION
                : rows.stream().anyMatch(r -> r.verdict() == Change.IMPROVEMENT) ? Change.IMPROVEMENT : Change.NO_CHANGE;
        int m = baseline.runs(), n = current.runs();
        if (m == 1 && n == 1) {
            notes.add("one run on each side: the plain " + fmt(rules.defaultPercent()) + " % rule decides, without a significance test "
                    + "(run with --repeat 5 on both sides to tell noise from a real change)");
        } else if (RankStatistics.smallestP(m, n) > rules.alpha()) {
            notes.add(m + " baseline run(s) against " + n + " current run(s) are too few to decide significance: the exact test cannot "
                    + "go below p = " + fmt(RankStatistics.smallestP(m, n)) + " > alpha " + fmt(rules.alpha())
                    + "; the plain threshold rule on medians decides (5 runs a side reach p = 0.004)");
        }
        return new Comparison(baseline.source(), current.source(), m, n, rules.alpha(), overall, rows,
                warnings(baseline.environment(), current.environment()), notes);
    }

    /**
     * Compares the windows of both sides ({@code run --windows K}) instead of whole runs: each window is one sample
     * of the same tests. That treats the windows of one run as independent samples of one distribution, which they
     * are only approximately: neighbouring windows share the server's state (caches, autovacuum, a checkpoint that spans
     * two windows), so they are positively correlated and the p-value comes out smaller than it should; and a run
     * that drifts (warm-up effects past the warm-up phase, a table that grows) makes its windows differ by position, not
     * by chance. Windows make a single long run comparable; several runs ({@code --repeat}) remain the sounder basis.
     *
     * @throws ConfigException when a side has no windows, or the sides share no scenario
     */
    public Comparison compareWindows(Measurements baseline, Measurements current) {
        Comparison c = compare(baseline.windowed(), current.windowed());
        List<String> notes = new ArrayList<>(c.notes());
        notes.add(0, "samples are windows, not runs: " + c.baselineRuns() + " baseline window(s) against " + c.currentRuns()
                + " current window(s) (memory, a whole-run figure, is not compared); the test treats them as independent, "
                + "which neighbouring windows of one run are not quite (shared caches and server state make them alike, so "
                + "p comes out smaller than it should), and a run that drifts makes its windows differ by position: prefer "
                + "--repeat for a verdict you will act on");
        return new Comparison(c.baseline(), c.current(), c.baselineRuns(), c.currentRuns(), c.alpha(), c.verdict(), c.rows(),
                c.warnings(), notes);
    }

    private ComparisonRow row(Measurements.Key k, List<Double> base, List<Double> cur) {
        Metric metric = k.metric();
        double threshold = rules.percentFor(k.operation(), metric);
        if (base == null || cur == null || base.isEmpty() || cur.isEmpty()) {
            String side = base == null || base.isEmpty() ? "not in the baseline" : "not in the current run";
            return new ComparisonRow(k.scenario(), k.operation(), metric.key(), metric.label(), metric.unit(), threshold,
                    base == null ? 0 : base.size(), cur == null ? 0 : cur.size(), median(base), median(cur), null, null, null, null,
                    "none", Change.NO_DATA, side);
        }
        double[] b = toArray(base), c = toArray(cur);
        double mb = RankStatistics.median(b), mc = RankStatistics.median(c);
        double change = change(metric, mb, mc);
        boolean worse = metric.higherIsWorse() ? change > threshold : change < -threshold;
        boolean better = metric.higherIsWorse() ? change < -threshold : change > threshold;
        Double p = null, low = null, high = null;
        String method;
        Change verdict;
        String reason;
        String moved = String.format(Locale.ROOT, "%s %s -> %s %s (%+.1f %%, threshold %s %%)", metric.label(), num(mb), num(mc),
                metric.unit(), change, fmt(threshold));
        if (b.length >= 2 && c.length >= 2) {
            double[] ci = RankStatistics.ratioInterval(b, c, rules.bootstrapSeed(), rules.bootstrapRounds());
            if (!Double.isNaN(ci[0])) {
                low = ci[0];
                high = ci[1];
            }
        }
        if (b.length == 1 && c.length == 1) {
            method = "single run each side: plain " + fmt(threshold) + " % rule";
            verdict = worse ? Change.REGRESSION : better ? Change.IMPROVEMENT : Change.NO_CHANGE;
            reason = moved;
        } else if (RankStatistics.smallestP(b.length, c.length) > rules.alpha()) {
            method = "too few runs to decide significance (" + b.length + " vs " + c.length + "): plain rule on medians";
            verdict = worse ? Change.REGRESSION : better ? Change.IMPROVEMENT : Change.NO_CHANGE;
            reason = moved;
        } else if (allEqual(b, c)) {
            method = "Mann-Whitney, one-sided (every value equal)";
            verdict = Change.NO_CHANGE;
            reason = moved;
        } else {
            boolean ties = RankStatistics.tied(b, c);
            method = "Mann-Whitney " + (ties ? "(ties: normal approximation)" : "exact") + ", one-sided, alpha " + fmt(rules.alpha());
            double pw = RankStatistics.pWorse(b, c, metric.higherIsWorse());
            double pb = RankStatistics.pBetter(b, c, metric.higherIsWorse());
            if (worse && pw <= rules.alpha()) {
                p = pw;
                verdict = Change.REGRESSION;
                reason = moved + ", significant (p = " + fmt(pw) + ")";
            } else if (better && pb <= rules.alpha()) {
                p = pb;
                verdict = Change.IMPROVEMENT;
                reason = moved + ", significant (p = " + fmt(pb) + ")";
            } else {
                p = better ? pb : pw;
                verdict = Change.NO_CHANGE;
                reason = moved + ((worse || better) ? ", past the threshold but not significant (p = " + fmt(p) + " > " + fmt(rules.alpha()) + ")"
                        : ", within the threshold (p = " + fmt(p) + ")");
            }
        }
        return new ComparisonRow(k.scenario(), k.operation(), metric.key(), metric.label(), metric.unit(), threshold, b.length, c.length,
                mb, mc, Double.isFinite(change) ? change : null, p, low, high, method, verdict, reason);
    }

    /** The change in percent of the baseline; error rate with its floor; 0 to 0 is no change. */
    static double change(Metric metric, double base, double cur) {
        double denominator = metric == Metric.ERROR_RATE ? Math.max(base, ERROR_RATE_FLOOR) : base;
        if (cur == base) return 0;
        if (denominator == 0) return cur > base ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        return (cur - base) / denominator * 100;
    }

    private static boolean allEqual(double[] b, double[] c) {
        double v = b[0];
        for (double x : b) if (x != v) return false;
        for (double x : c) if (x != v) return false;
        return true;
    }

    /** Differences in the recorded environments, each a sentence. */
    static List<String> warnings(Map<String, Object> base, Map<String, Object> cur) {
        List<String> w = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>(base.keySet());
        keys.addAll(cur.keySet());
        for (String k : keys) {
            Object a = base.get(k), b = cur.get(k);
            if (a == null || b == null || Objects.equals(String.valueOf(a), String.valueOf(b))) continue;
            w.add("environment differs: " + k + " was " + a + " in the baseline, is " + b + " now"
                    + ("config_hash".equals(k) ? " (the scenario's configuration changed)" : ""));
        }
        return w;
    }

    private static Double median(List<Double> v) {
        return v == null || v.isEmpty() ? null : RankStatistics.median(toArray(v));
    }

    private static double[] toArray(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return String.valueOf((long) v);
        return String.format(Locale.ROOT, Math.abs(v) < 0.01 ? "%.4f" : "%.3f", v).replaceAll("0+$", "");
    }

    static String num(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : "%.3f", v);
    }
}
