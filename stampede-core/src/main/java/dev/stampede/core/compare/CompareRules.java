package dev.stampede.core.compare;

import dev.stampede.core.config.ConfigException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How large a change must be to count: seed 003's rule, 20 % by default, set per metric ({@code p95=10}), per
 * operation ({@code checkout=30}) or per operation and metric ({@code checkout:p95=15}); the most specific wins.
 * Also the significance level of the one-sided test (default 0.05) and the bootstrap's seed. Immutable.
 *
 * @param defaultPercent  the change, in percent of the baseline, above which a row is a regression or an improvement
 * @param alpha           the one-sided significance level a Mann-Whitney p-value must not exceed
 * @param bootstrapSeed   the seed of the bootstrap's random numbers (the same inputs give the same interval)
 * @param bootstrapRounds resamples per row
 */
public record CompareRules(double defaultPercent, Map<String, Double> perMetric, Map<String, Double> perOperation,
                           Map<String, Double> perOperationMetric, double alpha, long bootstrapSeed, int bootstrapRounds) {
    public static final double DEFAULT_PERCENT = 20.0;
    public static final double DEFAULT_ALPHA = 0.05;
    public static final long DEFAULT_SEED = 20_030L;
    public static final int DEFAULT_ROUNDS = 4_000;

    public CompareRules {
        perMetric = Map.copyOf(perMetric);
        perOperation = Map.copyOf(perOperation);
        perOperationMetric = Map.copyOf(perOperationMetric);
        if (!(alpha > 0 && alpha < 1)) throw new ConfigException("--alpha must be between 0 and 1 (exclusive), got " + alpha);
    }

    public static CompareRules defaults() {
        return new CompareRules(DEFAULT_PERCENT, Map.of(), Map.of(), Map.of(), DEFAULT_ALPHA, DEFAULT_SEED, DEFAULT_ROUNDS);
    }

    /** The threshold, in percent, for one row. */
    public double percentFor(String operation, Metric metric) {
        Double v = perOperationMetric.get(operation + ":" + metric.key());
        if (v == null) v = perOperation.get(operation);
        if (v == null) v = perMetric.get(metric.key());
        return v == null ? defaultPercent : v;
    }

    /**
     * Rules from {@code --threshold} values: {@code PCT} (the default), {@code METRIC=PCT}, {@code OPERATION=PCT} or
     * {@code OPERATION:METRIC=PCT}. A name that is a metric key ({@link Metric#keys()}) is the metric; write
     * {@code OPERATION:METRIC} for an operation that shares a metric's name.
     */
    public static CompareRules parse(List<String> thresholds, Double alpha) {
        return parse(List.of(), null, thresholds, alpha);
    }

    /**
     * Rules from the configuration's {@code compare.thresholds} entries (same syntax, from {@code configOrigin}) and then
     * the {@code --threshold} flags, which add to them and override an entry of the same key.
     */
    public static CompareRules parse(List<String> fromConfig, String configOrigin, List<String> flags, Double alpha) {
        Parsed p = new Parsed();
        for (String t : fromConfig == null ? List.<String>of() : fromConfig) p.add(t, "compare.thresholds '" + t + "' (from " + configOrigin + ")");
        for (String t : flags == null ? List.<String>of() : flags) p.add(t, "--threshold '" + t + "'");
        return new CompareRules(p.def, p.metric, p.op, p.opMetric, alpha == null ? DEFAULT_ALPHA : alpha, DEFAULT_SEED, DEFAULT_ROUNDS);
    }

    /** Accumulates threshold entries; later entries override earlier ones of the same key. */
    private static final class Parsed {
        double def = DEFAULT_PERCENT;
        final Map<String, Double> metric = new LinkedHashMap<>(), op = new LinkedHashMap<>(), opMetric = new LinkedHashMap<>();

        void add(String t, String what) {
            int eq = t.lastIndexOf('=');
            if (eq < 0) {
                def = percent(t, what);
                return;
            }
            String name = t.substring(0, eq).trim();
            double pct = percent(t.substring(eq + 1), what);
            int colon = name.lastIndexOf(':');
            if (colon > 0) {
                String m = name.substring(colon + 1);
                if (Metric.byKey(m) == null) throw unknownMetric(m, what);
                opMetric.put(name.substring(0, colon) + ":" + Metric.byKey(m).key(), pct);
            } else if (Metric.byKey(name) != null) {
                metric.put(Metric.byKey(name).key(), pct);
            } else if (!name.isEmpty()) {
                op.put(name, pct);
            } else {
                throw new ConfigException(what + " names nothing before '='; write METRIC=PCT, OPERATION=PCT or OPERATION:METRIC=PCT");
            }
        }
    }

    private static double percent(String text, String what) {
        String s = text.trim().endsWith("%") ? text.trim().substring(0, text.trim().length() - 1) : text.trim();
        try {
            double v = Double.parseDouble(s);
            if (v >= 0 && Double.isFinite(v)) return v;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException(what + ": '" + text.trim() + "' is not a percentage (a number >= 0, for example 20 or 15%)");
    }

    private static ConfigException unknownMetric(String m, String what) {
        return new ConfigException(what + ": unknown metric '" + m + "'; metrics are " + Metric.keys());
    }
}
