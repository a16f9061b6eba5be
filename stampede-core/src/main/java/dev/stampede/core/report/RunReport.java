package dev.stampede.core.report;

import dev.stampede.core.verdict.Status;

import java.util.List;
import java.util.Map;

/**
 * Everything one run produced, in the shape of the JSON report. Immutable.
 *
 * @param schemaVersion bumped on any incompatible change to this shape
 * @param target        what was tested, without secrets
 * @param config        the effective configuration, without secrets
 * @param partial       true when any scenario did not run to its end (Ctrl-C, lost target, time limit)
 * @param notes         remarks made while preparing the run (ignored keys, caps)
 * @param suiteChecks   checks across scenarios (pagination, bulk, transactions, concurrency scaling)
 * @param errorClasses  the legend of error class codes the reports use: each target's own classes and the engine's,
 *                      code to label
 * @param exitCode      the process exit code this run ends with (README's table)
 * @param configHash    first 16 hex digits of the SHA-256 of the effective configuration as echoed (secrets masked):
 *                      two runs with the same hash ran the same configuration
 */
public record RunReport(int schemaVersion, String tool, String version, String startedAt, String finishedAt,
                        Map<String, Object> target, Map<String, Object> config, boolean partial, String stopReason,
                        Status verdict, List<ScenarioReport> scenarios, List<String> notes,
                        List<dev.stampede.core.verdict.MetricVerdict> suiteChecks, Map<String, String> errorClasses,
                        int exitCode, String configHash) {
    public static final int SCHEMA_VERSION = 1;
}
