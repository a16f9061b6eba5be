package dev.stampede.core.shard;

import dev.stampede.core.engine.MonitorSeries;
import dev.stampede.core.engine.Stall;
import dev.stampede.core.metrics.ErrorSummary;

import java.util.List;

/**
 * {@code scenarios/NAME.json}: what one shard knew at the end of one scenario beyond its interval log: how it ended,
 * its error classes and retries, its monitors' samples and its stalls. Missing when the shard died before the end.
 * Immutable.
 *
 * @param stopReason       the engine's {@link dev.stampede.core.engine.StopReason} name
 * @param judgePoolUsage   the scenario's pool was sized by the user, so its usage is judged
 * @param monitors         every monitor's series, seconds since this shard's scenario start
 */
public record ShardScenario(String name, String workload, String stopReason, String stopDetail, long startedAtMillis,
                            double elapsedSeconds, double measuredSeconds, List<String> phasesRun, long droppedArrivals,
                            boolean judgePoolUsage, List<Operation> operations, List<MonitorSeries> monitors,
                            List<Stall> stalls) {

    /** One operation's counts over the recorded phases. */
    public record Operation(String name, long ok, long failed, long unknown, long retries, long retriedAttempts,
                            List<ErrorSummary> errors) {
    }
}
