package dev.stampede.core.host;

import dev.stampede.core.engine.MonitorSeries;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a process's memory keeps growing during a scenario: a least-squares line ({@link SlopeFit}, 95%) through one
 * monitor series (resident memory, MB) over time, fitted after the first {@link #SETTLE_FRACTION} of the samples, because
 * a JVM's or a server's memory rises while caches, pools and JIT code fill up and then plateaus; that start is not a leak.
 * Growth is <b>flagged</b> only when the slope's lower bound, projected over the fitted window, exceeds the limit:
 * a plateau (slope near zero, or an interval that includes zero) never is, steady growth of more than the limit is.
 * Immutable.
 *
 * @param source          which process: {@code generator} or {@code process_<pid>}
 * @param series          the series fitted, for example {@code rss_mb}
 * @param firstMb         first sample (the whole series)
 * @param lastMb          last sample
 * @param peakMb          largest sample
 * @param windowSeconds   seconds the fit covers
 * @param slopeMbPerMin   fitted slope
 * @param lowerMbPerMin   lower bound of the slope's 95% interval (NaN when it could not be computed)
 * @param upperMbPerMin   upper bound
 * @param limitMb         growth limit over the fitted window (seed 002: 50 MB)
 * @param flagged         lower bound × window above the limit
 */
public record MemoryTrend(String source, String series, int samples, double firstMb, double lastMb, double peakMb,
                          double windowSeconds, double slopeMbPerMin, double lowerMbPerMin, double upperMbPerMin,
                          double limitMb, boolean flagged) {
    /** Share of the samples at the start left out of the fit (warm-up growth). */
    public static final double SETTLE_FRACTION = 0.25;
    /** Fewer samples than this after settling: no fit, never flagged. */
    public static final int MIN_FIT_SAMPLES = 5;

    /** The growth, in MB, that the slope's lower bound projects over the fitted window. */
    public double lowerGrowthMb() {
        return Double.isNaN(lowerMbPerMin) ? Double.NaN : lowerMbPerMin * windowSeconds / 60;
    }

    /**
     * The trend of {@code series} in {@code s}, or null when the series has no samples. Points before
     * {@code fromSecond} (the warm-up) are left out before settling.
     */
    public static MemoryTrend of(MonitorSeries s, String series, double fromSecond, double limitMb) {
        List<double[]> pts = new ArrayList<>();
        for (MonitorSeries.Point p : s.points()) {
            Double v = p.values().get(series);
            if (v != null && !v.isNaN() && p.second() >= fromSecond) pts.add(new double[]{p.second(), v});
        }
        if (pts.isEmpty()) return null;
        double first = pts.get(0)[1], last = pts.get(pts.size() - 1)[1], peak = Double.NEGATIVE_INFINITY;
        for (double[] p : pts) peak = Math.max(peak, p[1]);
        int skip = (int) Math.floor(pts.size() * SETTLE_FRACTION);
        List<double[]> fit = pts.subList(skip, pts.size());
        if (fit.size() < MIN_FIT_SAMPLES) {
            return new MemoryTrend(s.monitor(), series, pts.size(), first, last, peak, 0, Double.NaN, Double.NaN, Double.NaN, limitMb, false);
        }
        double[] x = new double[fit.size()], y = new double[fit.size()];
        for (int i = 0; i < fit.size(); i++) {
            x[i] = fit.get(i)[0];
            y[i] = fit.get(i)[1];
        }
        SlopeFit f = SlopeFit.of(x, y, 0.95);
        double window = x[x.length - 1] - x[0];
        double lower = f.lower() * 60;
        boolean flagged = !Double.isNaN(lower) && lower * window / 60 > limitMb;
        return new MemoryTrend(s.monitor(), series, pts.size(), first, last, peak, window, f.slope() * 60, lower, f.upper() * 60,
                limitMb, flagged);
    }
}
