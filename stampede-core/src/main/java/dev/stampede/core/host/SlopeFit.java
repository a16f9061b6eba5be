package dev.stampede.core.host;

import org.apache.commons.statistics.distribution.TDistribution;

/**
 * An ordinary least-squares line through points (x, y) with a two-sided confidence interval for its slope, from
 * Student's t with n - 2 degrees of freedom: slope ± t(1 - (1 - confidence) / 2, n - 2) × standard error, where the
 * standard error is sqrt(residual variance / Σ(x - x̄)²). Units are the caller's (for memory: MB per second). Immutable.
 *
 * <p>Why an interval and not the slope alone: a series that rises and falls with garbage collection has a non-zero
 * slope by chance; growth is only established when the whole interval lies above a limit ({@link #lower()}).
 *
 * @param n         points fitted
 * @param slope     y per unit of x
 * @param intercept y at x = 0
 * @param lower     lower bound of the slope's confidence interval (NaN with fewer than 3 points or no spread in x)
 * @param upper     upper bound of the slope's confidence interval
 */
public record SlopeFit(int n, double slope, double intercept, double lower, double upper, double confidence) {

    /** The fit of {@code y} against {@code x} (same length) with a {@code confidence} interval (for example 0.95). */
    public static SlopeFit of(double[] x, double[] y, double confidence) {
        if (x.length != y.length) throw new IllegalArgumentException("x and y differ in length: " + x.length + " vs " + y.length);
        if (!(confidence > 0 && confidence < 1)) throw new IllegalArgumentException("confidence must be in (0, 1): " + confidence);
        int n = x.length;
        if (n == 0) return new SlopeFit(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, confidence);
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxx = 0, sxy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
        }
        if (n < 2 || sxx == 0) return new SlopeFit(n, Double.NaN, my, Double.NaN, Double.NaN, confidence);
        double slope = sxy / sxx, intercept = my - slope * mx;
        if (n < 3) return new SlopeFit(n, slope, intercept, Double.NaN, Double.NaN, confidence);
        double sse = 0;
        for (int i = 0; i < n; i++) {
            double r = y[i] - (intercept + slope * x[i]);
            sse += r * r;
        }
        double se = Math.sqrt(sse / (n - 2) / sxx);
        double t = TDistribution.of(n - 2).inverseCumulativeProbability(1 - (1 - confidence) / 2);
        return new SlopeFit(n, slope, intercept, slope - t * se, slope + t * se, confidence);
    }
}
