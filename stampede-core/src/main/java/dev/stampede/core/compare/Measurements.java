package dev.stampede.core.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One side of a comparison: per (scenario, operation, metric) the value of each run, plus the environment the runs
 * came from. A baseline file and a report ({@code report.json}, with {@code --repeat} several runs of each scenario)
 * both read into this. Immutable once built.
 *
 * @param source      where the values came from (a file path or a baseline name), for messages
 * @param runs        how many runs of each scenario at most
 * @param environment Stampede and server versions, cores, memory, config hash (see {@link ReportReader})
 * @param values      the per-run values, in report order
 * @param windows     the same runs split into windows ({@code run --windows K}): each window one value, in run order;
 *                    null when the runs were not split
 */
public record Measurements(String source, int runs, Map<String, Object> environment, Map<Key, List<Double>> values,
                           Measurements windows) {

    /** A row of the comparison: one metric of one operation of one scenario. */
    public record Key(String scenario, String operation, Metric metric) {
    }

    public Measurements {
        environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        Map<Key, List<Double>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        values = java.util.Collections.unmodifiableMap(copy);
    }

    /** Whole runs only, not split into windows. */
    public Measurements(String source, int runs, Map<String, Object> environment, Map<Key, List<Double>> values) {
        this(source, runs, environment, values, null);
    }

    /**
     * The windows as the samples to compare ({@code runs} is then the number of windows of each scenario).
     *
     * @throws dev.stampede.core.config.ConfigException when the runs were not split into windows
     */
    public Measurements windowed() {
        if (windows == null) {
            throw new dev.stampede.core.config.ConfigException(source + " has no windows: its runs were made without --windows; "
                    + "run both sides with 'stampede run --windows K' (and save the baseline from such a run), or compare whole runs");
        }
        return windows;
    }

    /**
     * Several reports as one side: each report's runs added to the others' (for runs made by separate invocations, for
     * example interleaved with the baseline's). The environment is the first's; the sources are joined.
     */
    public static Measurements merge(List<Measurements> parts) {
        if (parts.size() == 1) return parts.get(0);
        Map<Key, List<Double>> values = new LinkedHashMap<>();
        int runs = 0;
        List<String> sources = new ArrayList<>();
        for (Measurements m : parts) {
            m.values().forEach((k, v) -> values.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
            runs += m.runs();
            sources.add(m.source());
        }
        String source = sources.size() <= 2 ? String.join(" + ", sources) : sources.get(0) + " + " + (sources.size() - 1) + " more";
        boolean allWindowed = parts.stream().allMatch(m -> m.windows() != null);
        Measurements windows = allWindowed ? merge(parts.stream().map(Measurements::windows).toList()) : null;
        return new Measurements(source, runs, parts.get(0).environment(), values, windows);
    }

    /** The scenarios measured, in order. */
    public Set<String> scenarios() {
        Set<String> s = new LinkedHashSet<>();
        for (Key k : values.keySet()) s.add(k.scenario());
        return s;
    }

    /** Collects values run by run; not thread-safe. */
    static final class Builder {
        private final Map<Key, List<Double>> values = new LinkedHashMap<>();

        void add(String scenario, String operation, Metric metric, double value) {
            if (Double.isNaN(value)) return;
            values.computeIfAbsent(new Key(scenario, operation, metric), k -> new ArrayList<>()).add(value);
        }

        Measurements build(String source, int runs, Map<String, Object> environment) {
            return new Measurements(source, runs, environment, values);
        }

        boolean isEmpty() {
            return values.isEmpty();
        }
    }
}
