package dev.stampede.core.capacity;

import dev.stampede.core.config.ConfigSection;
import dev.stampede.core.config.ConfigTree;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which scenarios run as capacity searches, and with what settings, bound from the layered tree (defaults &lt; file
 * &lt; environment &lt; flags). The run-wide {@code capacity} section ({@code --find-capacity} sets
 * {@code capacity.enabled}, {@code --p99-target} {@code capacity.p99_ms}, {@code --max-error-rate}
 * {@code capacity.error_rate_percent}) applies to every selected scenario when enabled; a scenario's own
 * {@code capacity:} mapping makes that scenario a search whatever the flag, its keys over the run-wide ones. Immutable.
 *
 * <pre>
 * capacity:                  # or per scenario: scenarios.NAME.capacity
 *   enabled: true            # --find-capacity
 *   p99_ms: 200              # --p99-target
 *   error_rate_percent: 1    # --max-error-rate
 *   start_rate: 10
 *   max_rate: 5000
 *   precision_percent: 5
 *   probe_seconds: 30
 *   warmup_seconds: 10
 *   confirmations: 2
 * </pre>
 */
public final class CapacityConfig {
    /** The keys of a {@code capacity} mapping (the run-wide one also takes {@code enabled}). */
    public static final Set<String> KEYS = Set.of("p99_ms", "error_rate_percent", "max_rate", "start_rate", "precision_percent",
            "probe_seconds", "warmup_seconds", "confirmations");

    private final Map<String, CapacitySettings> byScenario;

    private CapacityConfig(Map<String, CapacitySettings> byScenario) {
        this.byScenario = Map.copyOf(byScenario);
    }

    /** No scenario searches. */
    public static CapacityConfig none() {
        return new CapacityConfig(Map.of());
    }

    /**
     * Binds the searches for the {@code selected} scenarios.
     *
     * @throws dev.stampede.core.config.ConfigException naming the setting, its value and its origin, or a search that
     *                                                  could not fail, a ceiling below the start, a probe too short
     */
    public static CapacityConfig bind(ConfigTree tree, Iterable<String> selected) {
        ConfigSection root = ConfigSection.root(tree);
        ConfigSection run = root.child("capacity");
        Set<String> runKeys = new java.util.HashSet<>(KEYS);
        runKeys.add("enabled");
        run.allowOnly(runKeys);
        boolean enabled = run.bool("enabled", false);
        ConfigSection scenarios = root.child("scenarios");
        Map<String, CapacitySettings> out = new LinkedHashMap<>();
        for (String name : selected) {
            ConfigSection own = scenarios.has(name) ? scenarios.child(name).child("capacity") : null;
            boolean ownSet = own != null && scenarios.child(name).has("capacity");
            if (!enabled && !ownSet) continue;
            if (ownSet) own.allowOnly(KEYS);
            out.put(name, settings(run, ownSet ? own : null));
        }
        if (out.isEmpty()) {
            for (String k : KEYS) {
                if (run.has(k)) {
                    throw new dev.stampede.core.config.ConfigException("capacity." + k + " (from " + tree.origin("capacity." + k)
                            + ") is set but no scenario searches its capacity: add --find-capacity (capacity.enabled: true) or give "
                            + "the scenario a capacity: mapping");
                }
            }
        }
        return new CapacityConfig(out);
    }

    private static CapacitySettings settings(ConfigSection run, ConfigSection own) {
        CapacitySettings d = CapacitySettings.of(null, 1.0);
        Double p99 = pick(run, own, "p99_ms", (s, k) -> s.number(k, null, 0, 1e9));
        Double err = pick(run, own, "error_rate_percent", (s, k) -> s.number(k, null, 0, 100));
        return new CapacitySettings(p99, err,
                or(pick(run, own, "start_rate", (s, k) -> s.number(k, null, 0, 1e8)), d.startRate()),
                or(pick(run, own, "max_rate", (s, k) -> s.number(k, null, 0, 1e8)), d.maxRate()),
                or(pick(run, own, "precision_percent", (s, k) -> s.number(k, null, 0, 100)), d.precisionPercent()),
                seconds(pick(run, own, "probe_seconds", (s, k) -> s.number(k, null, 0, 86_400)), d.probe()),
                seconds(pick(run, own, "warmup_seconds", (s, k) -> s.number(k, null, 0, 86_400)), d.warmup()),
                java.util.Objects.requireNonNullElse(pick(run, own, "confirmations", (s, k) -> s.integer(k, null, 0, 10)),
                        d.confirmations()));
    }

    private static <T> T pick(ConfigSection run, ConfigSection own, String key, java.util.function.BiFunction<ConfigSection, String, T> read) {
        if (own != null && own.has(key)) return read.apply(own, key);
        return run.has(key) ? read.apply(run, key) : null;
    }

    private static double or(Double v, double dflt) {
        return v == null ? dflt : v;
    }

    private static Duration seconds(Double v, Duration dflt) {
        return v == null ? dflt : Duration.ofMillis(Math.round(v * 1000));
    }

    /** The search settings of scenario {@code name}; empty when it runs as a plain scenario. */
    public Optional<CapacitySettings> forScenario(String name) {
        return Optional.ofNullable(byScenario.get(name));
    }

    /** True when at least one selected scenario is a search. */
    public boolean any() {
        return !byScenario.isEmpty();
    }
}
