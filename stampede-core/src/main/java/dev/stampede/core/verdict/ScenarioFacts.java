package dev.stampede.core.verdict;

import dev.stampede.core.engine.MonitorSeries;
import dev.stampede.core.engine.ScenarioRun;

import java.util.OptionalDouble;

/**
 * Derived facts about a scenario that verdicts and the advisor both read, computed in one place.
 */
public final class ScenarioFacts {
    private ScenarioFacts() {
    }

    /** Highest value of {@code gauge} in monitor {@code monitor} over the scenario, if it was read. */
    public static OptionalDouble peak(ScenarioRun run, String monitor, String gauge) {
        double best = Double.NaN;
        for (MonitorSeries s : run.monitors()) {
            if (!s.monitor().equals(monitor)) continue;
            for (MonitorSeries.Point p : s.points()) {
                Double v = p.values().get(gauge);
                if (v != null && (Double.isNaN(best) || v > best)) best = v;
            }
        }
        return Double.isNaN(best) ? OptionalDouble.empty() : OptionalDouble.of(best);
    }

    /** Mean value of {@code gauge} in monitor {@code monitor} over the scenario, if it was read. */
    public static OptionalDouble mean(ScenarioRun run, String monitor, String gauge) {
        double sum = 0;
        int n = 0;
        for (MonitorSeries s : run.monitors()) {
            if (!s.monitor().equals(monitor)) continue;
            for (MonitorSeries.Point p : s.points()) {
                Double v = p.values().get(gauge);
                if (v != null) { sum += v; n++; }
            }
        }
        return n == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / n);
    }

    /** Peak pool usage in percent (peak active / maximum size), if a pool monitor ran. */
    public static OptionalDouble poolUsagePercent(ScenarioRun run) {
        OptionalDouble active = peak(run, "pool", "active");
        OptionalDouble max = peak(run, "pool", "max");
        if (active.isEmpty() || max.isEmpty() || max.getAsDouble() <= 0) return OptionalDouble.empty();
        return OptionalDouble.of(100.0 * active.getAsDouble() / max.getAsDouble());
    }
}
