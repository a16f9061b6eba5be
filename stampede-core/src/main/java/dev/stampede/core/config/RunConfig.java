package dev.stampede.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One validated, immutable run configuration, built the same way by the CLI and by code (through
 * {@link ConfigBinder}): defaults &lt; config file &lt; environment &lt; flags.
 *
 * @param scenarios      every known scenario by name: the presets plus the file's own
 * @param selected       the scenarios to run, in order
 * @param overrides      load settings applied on top of every selected scenario
 * @param timeScale      multiplies every duration (0.1 turns a 5-minute baseline into 30 s)
 * @param testTimeout    hard cap per scenario (TEST_TIMEOUT); null for none
 * @param maxWorkers     cap on concurrent users of any scenario (MAX_WORKERS); null for none
 * @param threads        platform or virtual threads for the users (see ThreadMode)
 * @param dbMonitors     sample the database's own statistics (pg_stat_*) during the run
 * @param notes          remarks for the user made while binding (ignored seed keys, caps applied)
 */
public record RunConfig(DatabaseConfig database, WorkloadConfig workload, Map<String, ScenarioSpec> scenarios,
                        List<String> selected, LoadOverrides overrides, double timeScale, Thresholds thresholds,
                        RatingBands ratingBands, Path outputDir, Duration testTimeout, Integer maxWorkers, long seed,
                        dev.stampede.core.engine.ThreadMode threads, boolean dbMonitors, List<String> notes) {

    public RunConfig {
        scenarios = Map.copyOf(scenarios);
        selected = List.copyOf(selected);
        notes = List.copyOf(notes);
    }

    /**
     * Flags and environment values that override every selected scenario. Null fields leave the
     * scenario's own value.
     */
    public record LoadOverrides(Integer connections, Duration duration, Double qpsTarget, Double readWriteRatio,
                                dev.stampede.core.engine.ArrivalProcess arrival, Duration rampUp, Duration thinkTime,
                                Long iterations) {
        public static final LoadOverrides NONE = new LoadOverrides(null, null, null, null, null, null, null, null);
    }
}
