package dev.stampede.core.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.util.ArrayList;
import java.util.List;

/**
 * Summary of one latency distribution, in milliseconds. Values come from an HdrHistogram recorded in
 * microseconds with 3 significant digits, so every percentile is within 0.1% of the true value and
 * p99 can never exceed max (the Locust rounding bug we do not repeat). Immutable.
 *
 * @param spectrum the percentile spectrum: latency against percentile from the histogram's percentile
 *                 iteration ({@value #TICKS_PER_HALF_DISTANCE} steps per halving of the distance to 100%, as
 *                 HdrHistogram's own percentile output), at most {@value #MAX_SPECTRUM_POINTS} points, both
 *                 coordinates non-decreasing, the last point at percentile 100 with the max. Empty when nothing
 *                 was recorded or the summary was made without one ({@link #ofMicros(Histogram, boolean)}). report.json and report.html both read it, so they show the same numbers.
 */
public record LatencyStats(long count, double minMs, double meanMs, double p50Ms, double p90Ms, double p95Ms,
                           double p99Ms, double p999Ms, double maxMs, double stddevMs, List<PercentilePoint> spectrum) {

    /** Iteration steps per halving of the remaining distance to the 100th percentile. */
    public static final int TICKS_PER_HALF_DISTANCE = 5;
    /** Cap on spectrum points: enough for a smooth curve, small enough for every report. */
    public static final int MAX_SPECTRUM_POINTS = 200;

    public static final LatencyStats EMPTY = new LatencyStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /**
     * One point of the spectrum.
     *
     * @param percentile 0 to 100, as HdrHistogram reports it
     * @param valueMs    the latency at or below which that share of attempts ended, milliseconds
     */
    public record PercentilePoint(double percentile, double valueMs) {
    }

    public LatencyStats {
        spectrum = spectrum == null ? List.of() : List.copyOf(spectrum);
    }

    /** A summary without a spectrum (summaries built by hand, {@link #EMPTY}). */
    public LatencyStats(long count, double minMs, double meanMs, double p50Ms, double p90Ms, double p95Ms,
                        double p99Ms, double p999Ms, double maxMs, double stddevMs) {
        this(count, minMs, meanMs, p50Ms, p90Ms, p95Ms, p99Ms, p999Ms, maxMs, stddevMs, List.of());
    }

    /** Summarises a histogram whose values are microseconds, spectrum included. Does not change {@code h}. */
    public static LatencyStats ofMicros(Histogram h) {
        return ofMicros(h, true);
    }

    /**
     * Summarises a histogram whose values are microseconds; the spectrum only when {@code withSpectrum} (the reports
     * chart it for end-to-end latency, so pool-acquire, execution and start-lag summaries leave it out and keep
     * report.json small). Does not change {@code h}.
     */
    public static LatencyStats ofMicros(Histogram h, boolean withSpectrum) {
        if (h.getTotalCount() == 0) return EMPTY;
        return new LatencyStats(h.getTotalCount(),
                ms(h.getMinValue()), h.getMean() / 1000.0,
                ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(95)),
                ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()),
                h.getStdDeviation() / 1000.0, withSpectrum ? spectrum(h) : List.of());
    }

    /**
     * The histogram's percentile iteration, thinned evenly to at most {@link #MAX_SPECTRUM_POINTS} (the first and the
     * last point always kept), ending at percentile 100 with the histogram's max.
     */
    static List<PercentilePoint> spectrum(Histogram h) {
        List<PercentilePoint> all = new ArrayList<>();
        for (HistogramIterationValue v : h.percentiles(TICKS_PER_HALF_DISTANCE)) {
            all.add(new PercentilePoint(Math.min(100.0, v.getPercentileLevelIteratedTo()), ms(v.getValueIteratedTo())));
        }
        double max = ms(h.getMaxValue());
        if (all.isEmpty() || all.get(all.size() - 1).percentile() < 100.0 || all.get(all.size() - 1).valueMs() != max) {
            all.add(new PercentilePoint(100.0, max));
        }
        List<PercentilePoint> out = new ArrayList<>();
        double step = all.size() <= MAX_SPECTRUM_POINTS ? 1 : (all.size() - 1) / (double) (MAX_SPECTRUM_POINTS - 1);
        double lastPct = -1, lastValue = -1;
        for (int k = 0; k < MAX_SPECTRUM_POINTS; k++) {
            int i = (int) Math.round(k * step);
            if (i >= all.size()) break;
            PercentilePoint p = all.get(i);
            // both coordinates non-decreasing, even where a capped max meets the iteration's last bucket
            PercentilePoint q = new PercentilePoint(Math.max(p.percentile(), lastPct), Math.max(p.valueMs(), lastValue));
            if (!out.isEmpty() && q.equals(out.get(out.size() - 1))) continue;
            out.add(q);
            lastPct = q.percentile();
            lastValue = q.valueMs();
            if (i == all.size() - 1) break;
        }
        PercentilePoint last = all.get(all.size() - 1);
        if (!out.get(out.size() - 1).equals(last)) out.add(last);
        return out;
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
