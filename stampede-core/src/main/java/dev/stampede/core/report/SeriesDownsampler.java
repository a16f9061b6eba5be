package dev.stampede.core.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Thins series that share one x axis for charting, keeping each bucket's minimum and maximum of every series so a
 * one-second spike in an hour-long run still shows at its true height (plain averaging or picking every n-th point
 * would hide it). Missing values are {@code NaN}. Stateless and thread-safe.
 *
 * <p>The points are split into consecutive buckets of equal count. A bucket becomes two points, at the x of its
 * first and its last sample; each series puts its minimum and its maximum there, in the order they occurred, so a
 * rise stays a rise. A bucket of one sample stays one point.
 */
public final class SeriesDownsampler {
    private SeriesDownsampler() {
    }

    /** Aligned series: {@code ys.get(i)[j]} is series i at {@code x[j]}. */
    public record Aligned(double[] x, List<double[]> ys) {
    }

    /**
     * Returns {@code in} itself when it has at most {@code maxPoints} points, otherwise at most {@code maxPoints}
     * points (rounded down to even) with every series' extremes kept.
     *
     * @throws IllegalArgumentException when {@code maxPoints < 2} or a series' length differs from x's
     */
    public static Aligned downsample(Aligned in, int maxPoints) {
        if (maxPoints < 2) throw new IllegalArgumentException("maxPoints must be at least 2, was " + maxPoints);
        int n = in.x().length;
        for (double[] y : in.ys()) {
            if (y.length != n) throw new IllegalArgumentException("a series has " + y.length + " values for " + n + " x values");
        }
        if (n <= maxPoints) return in;
        int buckets = maxPoints / 2;
        double[] x = new double[buckets * 2];
        List<double[]> ys = new ArrayList<>();
        for (int s = 0; s < in.ys().size(); s++) ys.add(new double[buckets * 2]);
        int out = 0;
        for (int k = 0; k < buckets; k++) {
            int from = (int) ((long) k * n / buckets), to = (int) ((long) (k + 1) * n / buckets); // [from, to)
            boolean single = to - from == 1;
            x[out] = in.x()[from];
            if (!single) x[out + 1] = in.x()[to - 1];
            for (int s = 0; s < ys.size(); s++) {
                double[] src = in.ys().get(s), dst = ys.get(s);
                int lo = -1, hi = -1;
                for (int i = from; i < to; i++) {
                    double v = src[i];
                    if (Double.isNaN(v)) continue;
                    if (lo < 0 || v < src[lo]) lo = i;
                    if (hi < 0 || v > src[hi]) hi = i;
                }
                if (single) {
                    dst[out] = src[from];
                } else if (lo < 0) {
                    dst[out] = dst[out + 1] = Double.NaN;
                } else {
                    dst[out] = src[Math.min(lo, hi)];
                    dst[out + 1] = src[Math.max(lo, hi)];
                }
            }
            out += single ? 1 : 2;
        }
        if (out == x.length) return new Aligned(x, ys);
        List<double[]> trimmed = new ArrayList<>();
        for (double[] y : ys) trimmed.add(java.util.Arrays.copyOf(y, out));
        return new Aligned(java.util.Arrays.copyOf(x, out), trimmed);
    }
}
