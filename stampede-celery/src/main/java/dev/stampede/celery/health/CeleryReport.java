package dev.stampede.celery.health;

import dev.stampede.celery.TaskStats;

import java.util.List;
import java.util.Map;

/**
 * What one scenario did to Celery, as report.json carries it (snake_case keys): per task name and for all tasks,
 * submitted / completed / failed (by exception type) / retried / never completed, publish latency, end-to-end time
 * and its split into queue wait, run time and result delivery; the broker's queue length over time, the backlog at
 * the load's end and the drain time; and the cross-check against the result backend. Null means "not measured here".
 * Immutable.
 *
 * @param awaitMode          what ended an engine attempt: result or publish
 * @param all                every task of the scenario together
 * @param maxQueueLength     the largest ready count sampled on the broker
 * @param backlogAtLoadEnd   ready + reserved on the broker when the load ended
 * @param growthPerSecond    the ready count's growth over the loaded window, tasks/s (least squares)
 * @param drainSeconds       from the load's end until nothing was left (queue and Stampede's pending), null when it did not drain
 * @param queueLengthSeries  [seconds since the scenario began, ready, ready + reserved]
 * @param backendFinalStates final states (SUCCESS/FAILURE) of this scenario's tasks found on the result backend afterwards
 * @param crossCheck         Stampede's completions against the backend's states (and, publish-only, the queue's length)
 * @param stalled            the no-consumer finding, or null
 */
public record CeleryReport(String broker, String resultBackend, String queue, String awaitMode, String worker,
                           List<TaskStats.Snapshot> tasks, TaskStats.Snapshot all, double submittedPerSecond,
                           double completedPerSecond, long maxQueueLength, long backlogAtLoadEnd, Double growthPerSecond,
                           Double drainSeconds, List<double[]> queueLengthSeries, Long backendFinalStates, String crossCheck,
                           String stalled, Map<String, Object> expected) {
    /** The extras key of this section. */
    public static final String KEY = "celery";
}
