package dev.stampede.core.report;

import dev.stampede.core.engine.MonitorSeries;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One monitor series over a scenario. For every series: first, last, min, max and mean of the
 * sampled values and the number of samples. For a counter ({@link dev.stampede.core.api.Monitor#counters()})
 * also {@code delta}, the change from the first to the last sample, and {@code perSecond}, that change
 * divided by the seconds between those two samples (null with fewer than two samples or no time
 * between them); for a gauge both are null. Increments before the first sample are not in the delta.
 * Immutable.
 */
public record GaugeSummary(double first, double last, double min, double max, double mean, int samples,
                           boolean counter, Double delta, Double perSecond) {

    /** Summarises every series as a gauge, in the order the series first appear. */
    public static Map<String, GaugeSummary> of(MonitorSeries series) {
        return of(series, Set.of());
    }

    /**
     * Summarises every series of {@code series}, in the order they first appear; those named in
     * {@code counters} as counters.
     */
    public static Map<String, GaugeSummary> of(MonitorSeries series, Set<String> counters) {
        Map<String, double[]> acc = new LinkedHashMap<>(); // first, last, min, max, sum, n, firstSecond, lastSecond
        for (MonitorSeries.Point p : series.points()) {
            p.values().forEach((k, v) -> {
                double[] a = acc.get(k);
                if (a == null) acc.put(k, new double[]{v, v, v, v, v, 1, p.second(), p.second()});
                else {
                    a[1] = v;
                    a[2] = Math.min(a[2], v);
                    a[3] = Math.max(a[3], v);
                    a[4] += v;
                    a[5]++;
                    a[7] = p.second();
                }
            });
        }
        Map<String, GaugeSummary> out = new LinkedHashMap<>();
        acc.forEach((k, a) -> {
            boolean counter = counters.contains(k);
            Double delta = counter ? a[1] - a[0] : null;
            double span = a[7] - a[6];
            Double rate = counter && a[5] >= 2 && span > 0 ? (a[1] - a[0]) / span : null;
            out.put(k, new GaugeSummary(a[0], a[1], a[2], a[3], a[4] / a[5], (int) a[5], counter, delta, rate));
        });
        return out;
    }
}
