package dev.stampede.core.compare;

import java.util.Locale;

/**
 * The headline metrics a comparison judges, per operation (and {@code ALL}), with the direction in which a change is
 * a regression. {@link #MEMORY} is per scenario (the generator's heap after GC, on the {@code ALL} row).
 */
public enum Metric {
    P50("p50", "p50 latency", "ms", true),
    P95("p95", "p95 latency", "ms", true),
    P99("p99", "p99 latency", "ms", true),
    MEAN("mean", "mean latency", "ms", true),
    THROUGHPUT("throughput", "throughput", "/s", false),
    ERROR_RATE("error_rate", "error rate", "%", true),
    MEMORY("memory", "generator heap after GC (max)", "MB", true);

    private final String key;
    private final String label;
    private final String unit;
    private final boolean higherIsWorse;

    Metric(String key, String label, String unit, boolean higherIsWorse) {
        this.key = key;
        this.label = label;
        this.unit = unit;
        this.higherIsWorse = higherIsWorse;
    }

    /** The name users write in {@code --threshold} and reports show. */
    public String key() { return key; }

    public String label() { return label; }

    public String unit() { return unit; }

    /** True for latency, errors and memory (more is worse); false for throughput (less is worse). */
    public boolean higherIsWorse() { return higherIsWorse; }

    /** The metric with this key, or null. */
    public static Metric byKey(String key) {
        for (Metric m : values()) if (m.key.equals(key.trim().toLowerCase(Locale.ROOT))) return m;
        return null;
    }

    /** Every key, for messages. */
    public static String keys() {
        StringBuilder b = new StringBuilder();
        for (Metric m : values()) b.append(b.isEmpty() ? "" : ", ").append(m.key);
        return b.toString();
    }
}
