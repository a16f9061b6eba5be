package dev.stampede.core.engine;

import java.util.List;
import java.util.Map;

/**
 * What one monitor read during a scenario: one point per interval. Immutable.
 *
 * @param error    the first failure to read the monitor, or null; a failing monitor never stops a run
 * @param counters the series that are cumulative counters ({@link dev.stampede.core.api.Monitor#counters()}): reports
 *                 show their change and rate over the window, not the min/mean/max of a running total
 */
public record MonitorSeries(String monitor, List<Point> points, String error, java.util.Set<String> counters) {

    /** Values read at {@code second} since the scenario started. */
    public record Point(double second, Map<String, Double> values) {
    }

    public MonitorSeries {
        points = List.copyOf(points);
        counters = counters == null ? java.util.Set.of() : java.util.Set.copyOf(counters);
    }

    /** A series of gauges only. */
    public MonitorSeries(String monitor, List<Point> points, String error) {
        this(monitor, points, error, java.util.Set.of());
    }
}
