package dev.stampede.core.engine;

import dev.stampede.core.metrics.ScenarioMetrics;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything the engine knows about one finished (or stopped) scenario. Immutable.
 *
 * @param elapsedSeconds  wall time from the first phase's start to the end, warm-up and end-of-phase
 *                        grace included
 * @param measuredSeconds the loaded window of the recorded phases: from each phase's start to its
 *                        planned end, its stop, or when its last user finished, whichever came first
 *                        (never the grace after the end). The denominator of every throughput
 * @param stalls          windows where the target stopped answering while attempts were in flight
 * @param stopDetail      what the stop reason alone does not say (the operation and exception, the
 *                        attempts cut off), free of secrets; null when there is nothing to add
 */
public record ScenarioRun(ScenarioPlan plan, String workload, ScenarioMetrics metrics, List<MonitorSeries> monitors,
                          StopReason stopReason, long startedAtMillis, double elapsedSeconds,
                          double measuredSeconds, List<String> phasesRun, List<Stall> stalls, String stopDetail) {

    public ScenarioRun {
        stalls = List.copyOf(stalls);
    }

    /** A run without stalls or stop detail. */
    public ScenarioRun(ScenarioPlan plan, String workload, ScenarioMetrics metrics, List<MonitorSeries> monitors,
                       StopReason stopReason, long startedAtMillis, double elapsedSeconds,
                       double measuredSeconds, List<String> phasesRun) {
        this(plan, workload, metrics, monitors, stopReason, startedAtMillis, elapsedSeconds, measuredSeconds, phasesRun,
                List.of(), null);
    }

    public boolean partial() { return stopReason != StopReason.COMPLETED; }

    /**
     * True when {@code operation} had attempts in flight during a stall: its slowest samples (max,
     * high percentiles) are explained by the target not answering, not by its query plan, so advice
     * about indexes or EXPLAIN should be left out or qualified.
     */
    public boolean stallExplains(String operation) {
        for (Stall s : stalls) if (s.operations().contains(operation)) return true;
        return false;
    }

    /** The operations that had attempts in flight during any stall, in the order the stalls name them. */
    public Set<String> operationsInStalls() {
        Set<String> out = new LinkedHashSet<>();
        for (Stall s : stalls) out.addAll(s.operations());
        return Set.copyOf(out);
    }

    /** Seconds of the scenario the target spent stalled, over all windows. */
    public double stalledSeconds() {
        double total = 0;
        for (Stall s : stalls) total += s.seconds();
        return total;
    }
}
