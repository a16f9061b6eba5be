package dev.stampede.core.metrics;

import java.util.List;

/**
 * The measured part of a scenario's result. Immutable.
 *
 * @param startLag        open model: how late arrivals started against their intended time (its
 *                        growth means the target, or the in-flight limit, could not keep up)
 * @param droppedArrivals open-model arrivals that were due but never started; not attempts
 */
public record ScenarioMetrics(List<OperationSummary> operations, OperationSummary all, LatencyStats startLag,
                              long droppedArrivals, List<IntervalRow> series) {
}
