package dev.stampede.core.metrics;

import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The report form of a target's side histogram (microseconds recorded outside the engine's operations: a cache
 * miss's database time, a Celery task's queue wait): count, mean, p50, p95, p99 and max in milliseconds. One shape
 * for every target's section, so readers find the same keys everywhere. Stateless.
 */
public final class SideHistograms {
    private SideHistograms() {
    }

    /** The percentiles of {@code micros} in milliseconds; null when nothing was recorded. */
    public static Map<String, Double> percentilesMs(Histogram micros) {
        if (micros.getTotalCount() == 0) return null;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("count", (double) micros.getTotalCount());
        m.put("mean_ms", micros.getMean() / 1000);
        m.put("p50_ms", micros.getValueAtPercentile(50) / 1000.0);
        m.put("p95_ms", micros.getValueAtPercentile(95) / 1000.0);
        m.put("p99_ms", micros.getValueAtPercentile(99) / 1000.0);
        m.put("max_ms", micros.getMaxValue() / 1000.0);
        return m;
    }
}
