package dev.stampede.core.config;

import dev.stampede.core.engine.ArrivalProcess;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The generic load presets every target's default workload runs: seed 001's baseline, normal, peak, stress
 * and endurance, plus {@code quick}. Connections are virtual users of the closed model; each load preset ramps
 * its users up over a tenth of its length (at most 30 s). Targets contribute their own scenarios and suites
 * (see {@link dev.stampede.core.target.TargetProvider#scenarios()}).
 */
public final class ScenarioCatalog {
    /** The scenario set {@code --full} runs: every preset but quick, then every target's scenario sets but those it keeps out of --full. */
    public static final String FULL = "full";
    /** The scenario set {@code --load-test} runs. */
    public static final String LOAD_TEST = "load-test";
    /** The load presets of {@code --load-test}, in order. */
    public static final List<String> LOAD_TEST_SCENARIOS = List.of("normal", "peak", "stress");
    /** The long presets of {@code --full}, in order, before the targets' suites. */
    public static final List<String> FULL_PRESETS = List.of("baseline", "normal", "peak", "stress", "endurance");
    /** What {@code --quick} runs. */
    public static final String QUICK = "quick";

    private ScenarioCatalog() {
    }

    public static Map<String, ScenarioSpec> presets() {
        Map<String, ScenarioSpec> m = new LinkedHashMap<>();
        put(m, "baseline", "Establish a performance baseline", 20, Duration.ofMinutes(5));
        put(m, "normal", "Typical operational load", 50, Duration.ofMinutes(10));
        put(m, "peak", "High-traffic load", 100, Duration.ofMinutes(15));
        put(m, "stress", "Find the breaking point", 200, Duration.ofMinutes(20));
        put(m, "endurance", "Long-term stability: leaks, connection churn, drift", 75, Duration.ofMinutes(60));
        m.put(QUICK, new ScenarioSpec(QUICK, "Scaled-down baseline for a first look (about 20 s)", 10,
                Duration.ofSeconds(20), 0, ArrivalProcess.CONSTANT, Duration.ofSeconds(2), Duration.ZERO, 0, null,
                Duration.ofSeconds(3), List.of()));
        return m;
    }

    /**
     * A suite scenario: {@code users} closed-model users for {@code d} after a 3 s unrecorded warm-up, all
     * starting at once, running {@code operations} of {@code workload}. For targets that contribute suites.
     */
    public static ScenarioSpec suite(String name, String description, int users, Duration d, String workload,
                                     List<String> operations) {
        return new ScenarioSpec(name, description, users, d, 0, ArrivalProcess.CONSTANT, Duration.ZERO, Duration.ZERO,
                0, null, Duration.ofSeconds(3), List.of(), workload, operations);
    }

    private static void put(Map<String, ScenarioSpec> m, String name, String description, int connections, Duration d) {
        Duration ramp = Duration.ofMillis(Math.min(30_000, d.toMillis() / 10));
        m.put(name, new ScenarioSpec(name, description, connections, d, 0, ArrivalProcess.CONSTANT, ramp,
                Duration.ZERO, 0, null, Duration.ZERO, List.of()));
    }
}
