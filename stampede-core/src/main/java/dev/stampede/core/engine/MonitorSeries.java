package dev.stampede.core.engine;

import java.util.List;
import java.util.Map;

/**
 * What one monitor read during a scenario: one point per interval. Immutable.
 *
 * @param error the first failure to read the monitor, or null; a failing monitor never stops a run
 */
public record MonitorSeries(String monitor, List<Point> points, String error) {

    /** Values read at {@code second} since the scenario started. */
    public record Point(double second, Map<String, Double> values) {
    }

    public MonitorSeries {
        points = List.copyOf(points);
    }
}
