package dev.stampede.core.engine;

import java.util.Map;

/** Receives one snapshot per interval from the sampler thread. Must return quickly. */
public interface ProgressListener {

    /**
     * @param plannedSeconds planned scenario length, or -1 when it ends by iteration count
     * @param monitors       each monitor's latest values by monitor name (what it returned at its most recent
     *                       sample, taken just after the previous tick; empty before the first sample or without
     *                       monitors). Immutable; shared with the next snapshots until the monitors are sampled again.
     */
    record Snapshot(String scenario, String phase, double elapsedSeconds, double plannedSeconds,
                    double okPerSecond, double p95Ms, long errorsSoFar, long attemptsSoFar,
                    Map<String, Map<String, Double>> monitors) {

        public Snapshot {
            monitors = monitors == null ? Map.of() : monitors;
        }

        /** A snapshot without monitor values. */
        public Snapshot(String scenario, String phase, double elapsedSeconds, double plannedSeconds,
                        double okPerSecond, double p95Ms, long errorsSoFar, long attemptsSoFar) {
            this(scenario, phase, elapsedSeconds, plannedSeconds, okPerSecond, p95Ms, errorsSoFar, attemptsSoFar, Map.of());
        }
    }

    void onTick(Snapshot snapshot);

    /**
     * Called on every closed interval of the active phase, slivers at phase boundaries included, with the collector
     * whose {@link dev.stampede.core.metrics.MetricsCollector#forEachInterval} shows that interval's per-operation rows
     * and latency histograms (the metrics endpoint's live histograms). Sampler or engine thread, under the interval
     * lock: must return quickly and must not keep the histograms.
     *
     * @param recorded false for a warm-up phase (not in the report)
     */
    default void onInterval(String scenario, boolean recorded, dev.stampede.core.metrics.MetricsCollector collector) {
    }

    /** Called once when a scenario ends (to finish a progress line). */
    default void onScenarioEnd(String scenario) {
    }

    ProgressListener NONE = s -> { };
}
