package dev.stampede.core.config;

import dev.stampede.core.engine.ArrivalProcess;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in scenarios: seed 001's presets plus {@code quick}. Connections are virtual users of the
 * closed model; each preset ramps its users up over a tenth of its length (at most 30 s).
 */
public final class ScenarioCatalog {
    /** What {@code --full} runs, in order. */
    public static final List<String> FULL = List.of("baseline", "normal", "peak", "stress", "endurance");
    /** What {@code --load-test} runs, in order. */
    public static final List<String> LOAD_TEST = List.of("normal", "peak", "stress");
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

    private static void put(Map<String, ScenarioSpec> m, String name, String description, int connections, Duration d) {
        Duration ramp = Duration.ofMillis(Math.min(30_000, d.toMillis() / 10));
        m.put(name, new ScenarioSpec(name, description, connections, d, 0, ArrivalProcess.CONSTANT, ramp,
                Duration.ZERO, 0, null, Duration.ZERO, List.of()));
    }
}
