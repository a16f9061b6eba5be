package dev.stampede.core.report;

import dev.stampede.core.engine.MonitorSeries;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Min, mean, max, first and last of one monitor gauge over a scenario.
 */
public record GaugeSummary(double first, double last, double min, double max, double mean, int samples) {

    /** Summarises every gauge of a series, in the order the gauges first appear. */
    public static Map<String, GaugeSummary> of(MonitorSeries series) {
        Map<String, double[]> acc = new LinkedHashMap<>(); // first, last, min, max, sum, n
        for (MonitorSeries.Point p : series.points()) {
            p.values().forEach((k, v) -> {
                double[] a = acc.get(k);
                if (a == null) acc.put(k, new double[]{v, v, v, v, v, 1});
                else {
                    a[1] = v;
                    a[2] = Math.min(a[2], v);
                    a[3] = Math.max(a[3], v);
                    a[4] += v;
                    a[5]++;
                }
            });
        }
        Map<String, GaugeSummary> out = new LinkedHashMap<>();
        acc.forEach((k, a) -> out.put(k, new GaugeSummary(a[0], a[1], a[2], a[3], a[4] / a[5], (int) a[5])));
        return out;
    }
}
