package dev.stampede.core.compare;

import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.MannWhitneyUTest;
import org.apache.commons.statistics.inference.PValueMethod;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The two statistics behind a verdict on per-run values. Stateless and thread-safe.
 *
 * <ul>
 *   <li>{@link #pWorse}: a one-sided Mann-Whitney U test (commons-statistics-inference) that the current runs are
 *   stochastically worse than the baseline's (greater for latency, errors and memory; smaller for throughput), with
 *   the exact p-value when no value is tied (the normal approximation with continuity correction when some are).
 *   It assumes only that runs are independent and each side's runs come from one distribution; it makes no
 *   normality assumption, which suits a handful of runs.</li>
 *   <li>{@link #ratioInterval}: a percentile bootstrap 95 % interval of median(current) / median(baseline): each side
 *   resampled with replacement, {@code rounds} times, from a {@link SplittableRandom} with a fixed seed, so the same
 *   values always give the same interval.</li>
 * </ul>
 */
public final class RankStatistics {
    private RankStatistics() {
    }

    /** The one-sided p-value that {@code current} is worse than {@code baseline}. */
    public static double pWorse(double[] baseline, double[] current, boolean higherIsWorse) {
        return MannWhitneyUTest.withDefaults()
                .with(higherIsWorse ? AlternativeHypothesis.GREATER_THAN : AlternativeHypothesis.LESS_THAN)
                .with(PValueMethod.AUTO)
                .test(current, baseline).getPValue();
    }

    /** The one-sided p-value that {@code current} is better than {@code baseline}. */
    public static double pBetter(double[] baseline, double[] current, boolean higherIsWorse) {
        return pWorse(baseline, current, !higherIsWorse);
    }

    /** True when some value occurs more than once across both samples (the exact p-value is then not used). */
    public static boolean tied(double[] a, double[] b) {
        double[] all = new double[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        Arrays.sort(all);
        for (int i = 1; i < all.length; i++) if (all[i] == all[i - 1]) return true;
        return false;
    }

    /**
     * The smallest one-sided p-value the exact test can give for these sample sizes, 1 / C(m + n, m): when it is above
     * alpha no outcome can be significant, and there are too few runs to decide.
     */
    public static double smallestP(int m, int n) {
        double c = 1;
        for (int i = 1; i <= Math.min(m, n); i++) c = c * (m + n - Math.min(m, n) + i) / i;
        return 1 / c;
    }

    /** {@code [low, high]} of the bootstrap 95 % interval of median(current) / median(baseline); NaNs when a median is 0. */
    public static double[] ratioInterval(double[] baseline, double[] current, long seed, int rounds) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] ratios = new double[rounds];
        double[] b = new double[baseline.length], c = new double[current.length];
        int n = 0;
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < b.length; i++) b[i] = baseline[rnd.nextInt(baseline.length)];
            for (int i = 0; i < c.length; i++) c[i] = current[rnd.nextInt(current.length)];
            double mb = median(b);
            if (mb == 0) continue;
            ratios[n++] = median(c) / mb;
        }
        if (n == 0) return new double[]{Double.NaN, Double.NaN};
        double[] used = Arrays.copyOf(ratios, n);
        Arrays.sort(used);
        return new double[]{quantile(used, 0.025), quantile(used, 0.975)};
    }

    /** The median; sorts a copy. */
    public static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** Linear interpolation between order statistics of a sorted array (type 7, R's default). */
    static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
