package dev.stampede.core.config;

import dev.stampede.core.target.TargetSettings;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One validated, immutable run configuration, built the same way by the CLI and by code (through
 * {@link ConfigBinder}): defaults &lt; config file &lt; environment &lt; flags.
 *
 * @param targets        each target's bound section, by provider name
 * @param unclaimed      stack sections no module in this build reads (redis without stampede-redis...), as echoed
 * @param scenarios      every known scenario by name, in listing order: the presets, the targets', the file's own
 * @param sets           named scenario sets (load-test, full, the targets' suites), in listing order
 * @param selected       the scenarios to run, in order
 * @param overrides      load settings applied on top of every selected scenario
 * @param timeScale      multiplies every duration (0.1 turns a 5-minute baseline into 30 s)
 * @param testTimeout    hard cap per scenario (TEST_TIMEOUT); null for none
 * @param maxRunTime     hard cap on the whole run; null for the automatic safety limit (see {@code RunTimeLimit})
 * @param maxWorkers     cap on concurrent users of any scenario (MAX_WORKERS); null for none
 * @param threads        platform or virtual threads for the users (see ThreadMode)
 * @param notes          remarks for the user made while binding (ignored seed keys, caps applied)
 * @param dashboardPort  the live dashboard's port on 127.0.0.1 ({@code run.dashboard}, {@code --dashboard}); 0 picks a
 *                       free one; null for no dashboard
 * @param dashboardToken the dashboard's access token ({@code run.dashboard_token}, for automation); null for a random
 *                       one per run. Never echoed.
 */
public record RunConfig(Map<String, TargetSettings> targets, Map<String, Map<String, Object>> unclaimed,
                        WorkloadConfig workload, Map<String, ScenarioSpec> scenarios, Map<String, List<String>> sets,
                        List<String> selected, LoadOverrides overrides, double timeScale, Thresholds thresholds,
                        RatingBands ratingBands, Path outputDir, Duration testTimeout, Duration maxRunTime,
                        Integer maxWorkers, long seed, dev.stampede.core.engine.ThreadMode threads, List<String> notes,
                        Integer dashboardPort, String dashboardToken) {

    /** A configuration without the live dashboard. */
    public RunConfig(Map<String, TargetSettings> targets, Map<String, Map<String, Object>> unclaimed,
                     WorkloadConfig workload, Map<String, ScenarioSpec> scenarios, Map<String, List<String>> sets,
                     List<String> selected, LoadOverrides overrides, double timeScale, Thresholds thresholds,
                     RatingBands ratingBands, Path outputDir, Duration testTimeout, Duration maxRunTime,
                     Integer maxWorkers, long seed, dev.stampede.core.engine.ThreadMode threads, List<String> notes) {
        this(targets, unclaimed, workload, scenarios, sets, selected, overrides, timeScale, thresholds, ratingBands,
                outputDir, testTimeout, maxRunTime, maxWorkers, seed, threads, notes, null, null);
    }

    public RunConfig {
        targets = ordered(targets);
        unclaimed = ordered(unclaimed);
        scenarios = ordered(scenarios);
        sets = ordered(sets);
        selected = List.copyOf(selected);
        notes = List.copyOf(notes);
    }

    private static <V> Map<String, V> ordered(Map<String, V> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    /** The bound settings of target {@code name}, cast to its module's type. */
    public <T extends TargetSettings> T target(String name, Class<T> type) {
        return type.cast(targets.get(name));
    }

    /**
     * Flags and environment values that override every selected scenario. Null fields leave the
     * scenario's own value.
     */
    public record LoadOverrides(Integer connections, Duration duration, Double qpsTarget, Double readWriteRatio,
                                dev.stampede.core.engine.ArrivalProcess arrival, Duration rampUp, Duration thinkTime,
                                Long iterations, Duration pace) {
        public static final LoadOverrides NONE = new LoadOverrides(null, null, null, null, null, null, null, null, null);
    }
}
