package dev.stampede.core.engine;

/** Receives one snapshot per interval from the sampler thread. Must return quickly. */
public interface ProgressListener {

    /**
     * @param plannedSeconds planned scenario length, or -1 when it ends by iteration count
     */
    record Snapshot(String scenario, String phase, double elapsedSeconds, double plannedSeconds,
                    double okPerSecond, double p95Ms, long errorsSoFar, long attemptsSoFar) {
    }

    void onTick(Snapshot snapshot);

    /** Called once when a scenario ends (to finish a progress line). */
    default void onScenarioEnd(String scenario) {
    }

    ProgressListener NONE = s -> { };
}
