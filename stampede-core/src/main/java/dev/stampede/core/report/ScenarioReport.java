package dev.stampede.core.report;

import dev.stampede.core.advisor.Recommendation;
import dev.stampede.core.metrics.IntervalRow;
import dev.stampede.core.metrics.LatencyStats;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.core.verdict.MetricVerdict;
import dev.stampede.core.verdict.Status;

import java.util.List;
import java.util.Map;

/**
 * One scenario as every report format shows it. Immutable.
 *
 * @param load      a one-line description of the load (users or rate, durations)
 * @param extras    target-specific sections (pg_stat deltas and the like) by name, serialised as is
 * @param latencyFrom what latency is measured from: intended start (open model, paced closed model) or actual
 *                    start (an unpaced closed model, which excludes client-side queueing)
 * @param stopDetail  what the stop reason alone does not say; null when nothing
 * @param stalls      windows where the target stopped answering while attempts were in flight
 */
public record ScenarioReport(String name, String description, String workload, String load, List<String> phases,
                             String startedAt, double plannedSeconds, double elapsedSeconds, double measuredSeconds,
                             boolean partial, String stopReason, Status verdict, OperationSummary totals,
                             List<OperationSummary> operations, LatencyStats startLag, long droppedArrivals,
                             List<MetricVerdict> verdicts, List<Recommendation> recommendations,
                             List<Monitor> monitors, Map<String, Object> extras, List<IntervalRow> timeseries,
                             String latencyFrom, String stopDetail, List<dev.stampede.core.engine.Stall> stalls) {

    /** A monitor's summary and its per-interval points. */
    public record Monitor(String name, String error, Map<String, GaugeSummary> summary,
                          List<dev.stampede.core.engine.MonitorSeries.Point> points) {
    }
}
