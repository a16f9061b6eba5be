package dev.stampede.core.api;

import java.util.Map;

/**
 * A side channel sampled on the run's interval clock (pool state, pg_stat_*, Redis INFO, the
 * generator's own JVM). Sampling happens on the engine's sampler thread, never on a virtual user, so
 * a slow monitor cannot distort latency; it must still be quick (well under the 1 s interval).
 */
public interface Monitor {

    /** Name of the series group in reports, for example {@code pool}. */
    String name();

    /**
     * Reads the current values. Gauges are reported as is; monitors that read cumulative counters
     * return deltas since their first sample so that reports show the test window, not server totals.
     *
     * @return gauge name to value; an empty map when nothing could be read this time
     */
    Map<String, Double> sample();
}
