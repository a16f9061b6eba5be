package dev.stampede.core.api;

import java.util.Map;
import java.util.Set;

/**
 * A side channel sampled on the run's interval clock (pool state, pg_stat_*, Redis INFO, the
 * generator's own JVM). Sampling happens on the engine's sampler thread, never on a virtual user, so
 * a slow monitor cannot distort latency; it must still be quick (well under the 1 s interval).
 *
 * <p>Two kinds of series. A <b>gauge</b> is a level at the moment of the sample (connections open,
 * cache hit ratio): reports show its min, mean and max. A <b>counter</b> counts events cumulatively
 * (commits, temp files): the monitor returns its total since the monitor's first sample, and reports
 * show the change over the window and its rate per second, because the min, mean and max of a running
 * total mean nothing. A monitor names its counters in {@link #counters()}; every other series is a gauge.
 */
public interface Monitor {

    /** Name of the series group in reports, for example {@code pool}. */
    String name();

    /**
     * Reads the current values. Gauges are reported as is; monitors that read cumulative counters
     * return deltas since their first sample so that reports show the test window, not server totals.
     *
     * @return series name to value; an empty map when nothing could be read this time
     */
    Map<String, Double> sample();

    /**
     * Names of the series in {@link #sample()} that are counters (cumulative since the first sample,
     * never decreasing); the others are gauges. Constant for the monitor's lifetime. Default: none.
     */
    default Set<String> counters() {
        return Set.of();
    }
}
