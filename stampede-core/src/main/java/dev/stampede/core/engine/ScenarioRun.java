package dev.stampede.core.engine;

import dev.stampede.core.metrics.ScenarioMetrics;

import java.util.List;

/**
 * Everything the engine knows about one finished (or stopped) scenario. Immutable.
 *
 * @param elapsedSeconds  wall time from the first phase's start to the end, warm-up included
 * @param measuredSeconds wall time of the recorded phases: the denominator of every throughput
 */
public record ScenarioRun(ScenarioPlan plan, String workload, ScenarioMetrics metrics, List<MonitorSeries> monitors,
                          StopReason stopReason, long startedAtMillis, double elapsedSeconds,
                          double measuredSeconds, List<String> phasesRun) {

    public boolean partial() { return stopReason != StopReason.COMPLETED; }
}
