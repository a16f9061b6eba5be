package dev.stampede.cli;

import dev.stampede.core.compare.BaselineStore;
import dev.stampede.core.compare.CompareRules;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/**
 * The options of a comparison with a baseline, shared by {@code run} and {@code compare} (a picocli mixin). For
 * {@code run} they are the top layer over the configuration's {@code compare} section (see RegressionConfig).
 */
final class CompareOptions {
    @Option(names = "--baseline", paramLabel = "NAME|FILE",
            description = "Compare with a saved baseline (NAME, see 'stampede baseline save'), a baseline file, a report.json or its "
                    + "directory. A regression exits with 5 (compare.baseline).")
    String baseline;

    @Option(names = "--baseline-dir", paramLabel = "DIR",
            description = "Where named baselines are kept (default " + BaselineStore.DEFAULT_DIR + " under the working directory).")
    Path baselineDir;

    @Option(names = "--threshold", paramLabel = "[OP:][METRIC=]PCT",
            description = "The change that counts, in percent (default 20, seed 003's rule): 15 (every row), p95=10 (a metric: p50 p95 p99 "
                    + "mean throughput error_rate memory), checkout=30 (an operation), checkout:p99=25 (both). Repeatable; adds to and "
                    + "overrides compare.thresholds.")
    List<String> thresholds;

    @Option(names = "--alpha", paramLabel = "P",
            description = "One-sided significance level of the Mann-Whitney test (default 0.05); used when both sides have enough runs (compare.alpha).")
    Double alpha;

    BaselineStore store() {
        return new BaselineStore(baselineDir == null ? Path.of(BaselineStore.DEFAULT_DIR) : baselineDir);
    }

    CompareRules rules() {
        return CompareRules.parse(thresholds, alpha);
    }
}
