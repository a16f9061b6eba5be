package dev.stampede.core.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The settings of repetition, comparison and metrics export, bound from the same layered tree as every other setting
 * (defaults &lt; config file &lt; environment &lt; flags): {@code run.repeat}, {@code run.metrics_port} and the
 * {@code compare} section. Kept apart from {@link RunConfig} on purpose: none of them changes what a scenario does,
 * so they are not part of the configuration echo or its hash, and a baseline run with {@code --repeat 5} has the same
 * hash as a single run. Immutable.
 *
 * <pre>
 * run:
 *   repeat: 5                 # --repeat
 *   metrics_port: 9464        # --metrics-port (0: a free port)
 * compare:
 *   baseline: main            # --baseline NAME|FILE
 *   baseline_dir: .stampede/baselines
 *   baseline_config: base.yaml  # --baseline-config: run the baseline now, interleaved
 *   alpha: 0.05               # --alpha
 *   windows: 0                # --windows K: also split each run into K windows
 *   thresholds:               # --threshold adds to and overrides these
 *     default: 20
 *     p95: 10
 *     checkout: 30
 *     "checkout:p99": 25
 * </pre>
 *
 * @param repeat         runs of every scenario (1: once)
 * @param metricsPort    the metrics endpoint's port, or null for none
 * @param baseline       a saved baseline's name or a file, or null
 * @param baselineDir    where named baselines are kept, or null for the default
 * @param baselineConfig a configuration file for a baseline run now, interleaved with the current runs, or null
 * @param alpha          the one-sided significance level, or null for the default
 * @param windows        windows per run to compare instead of whole runs (0: whole runs)
 * @param thresholds     the {@code compare.thresholds} entries in {@code --threshold} syntax ({@code 20},
 *                       {@code p95=10}, {@code checkout:p99=25}), in file order
 * @param thresholdsFrom where the thresholds came from, for messages
 */
public record RegressionConfig(int repeat, Integer metricsPort, String baseline, Path baselineDir, Path baselineConfig,
                               Double alpha, int windows, List<String> thresholds, String thresholdsFrom) {
    /** The keys of the {@code compare} section. */
    public static final Set<String> COMPARE_KEYS = Set.of("baseline", "baseline_dir", "baseline_config", "alpha", "windows", "thresholds");
    /** The keys this record reads from the {@code run} section ({@link ConfigBinder} allows them there). */
    public static final Set<String> RUN_KEYS = Set.of("repeat", "metrics_port");

    public RegressionConfig {
        thresholds = List.copyOf(thresholds);
    }

    /** Nothing repeated, compared or exported. */
    public static RegressionConfig none() {
        return new RegressionConfig(1, null, null, null, null, null, 0, List.of(), null);
    }

    /**
     * Binds {@code run.repeat}, {@code run.metrics_port} and the {@code compare} section of a layered tree (the one
     * {@link ConfigBinder#bind} validated). Unknown keys of {@code compare} are refused with the nearest valid key.
     *
     * @throws ConfigException naming the setting, its value and where it came from
     */
    public static RegressionConfig bind(ConfigTree tree) {
        ConfigSection root = new ConfigSection(tree.root(), "", tree);
        ConfigSection run = root.child("run");
        int repeat = run.integer("repeat", 1, 1, 1000);
        Integer metricsPort = run.integer("metrics_port", null, 0, 65535);
        ConfigSection c = root.child("compare");
        c.allowOnly(COMPARE_KEYS);
        String baseline = blankToNull(c.string("baseline", null));
        String dir = blankToNull(c.string("baseline_dir", null));
        String baselineConfig = blankToNull(c.string("baseline_config", null));
        if (baseline != null && baselineConfig != null) {
            throw new ConfigException("compare.baseline (from " + tree.origin("compare.baseline") + ") and compare.baseline_config (from "
                    + tree.origin("compare.baseline_config") + ") are both set: compare with a saved baseline or run one now "
                    + "(interleaved), not both");
        }
        Double alpha = c.number("alpha", null, 1e-9, 0.5);
        int windows = c.integer("windows", 0, 0, 1000);
        if (windows == 1) throw c.bad("windows", c.raw().get("windows"), "0 (whole runs) or at least 2");
        List<String> thresholds = new ArrayList<>();
        JsonNode t = c.raw().get("thresholds");
        if (t != null && !t.isNull()) {
            if (t.isValueNode()) {
                thresholds.add(String.valueOf(c.number("thresholds", null, 0, 1e9)));
            } else {
                ConfigSection ts = c.child("thresholds");
                ts.raw().fieldNames().forEachRemaining(name -> {
                    double pct = ts.number(name, null, 0, 1e9);
                    thresholds.add(name.equals("default") ? String.valueOf(pct) : name + "=" + pct);
                });
            }
        }
        return new RegressionConfig(repeat, metricsPort, baseline, dir == null ? null : Path.of(dir),
                baselineConfig == null ? null : Path.of(baselineConfig), alpha, windows, thresholds,
                thresholds.isEmpty() ? null : tree.origin("compare.thresholds"));
    }

    /** True when the baseline's runs are made now, interleaved with the current ones. */
    public boolean interleaved() {
        return baselineConfig != null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
