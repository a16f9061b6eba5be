package dev.stampede.celery;

import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What happened to the tasks of one name in one scenario, as Stampede saw them on the result backend: outcomes
 * (success, failure by exception type with a sample, retries, never completed) and, in microseconds, publish
 * latency, end-to-end time from the publish's start to the final state seen, and its parts for tasks that carry
 * the probe's timestamps: queue wait (publish start to the body's start on the worker), run time (the body) and
 * result delivery (the body's end to the state seen by Stampede). Thread-safe (synchronized: publish acks and
 * results arrive on different client threads).
 */
public final class TaskStats {
    private static final long MAX_MICROS = 3_600_000_000L;
    final String name;
    private final Histogram publish = histogram(), endToEnd = histogram(), queueWait = histogram(), runTime = histogram(),
            delivery = histogram();
    private long submitted, publishFailed, succeeded, failed, retried, retriedTasks, unknown, skewed, notRegistered;
    private final Map<String, Long> failuresByType = new TreeMap<>();
    private final Map<String, String> failureSamples = new LinkedHashMap<>();
    private final Map<String, Long> byWorker = new TreeMap<>();
    private long sumParts, sumEndToEnd, splitCount;

    TaskStats(String name) {
        this.name = name;
    }

    private static Histogram histogram() { return new Histogram(MAX_MICROS, 3); }

    private static long clamp(long micros) { return Math.max(0, Math.min(MAX_MICROS, micros)); }

    synchronized void published(long micros) {
        submitted++;
        publish.recordValue(clamp(micros));
    }

    synchronized void publishFailed() { publishFailed++; }

    synchronized void retry() { retried++; }

    /**
     * A task reached its final state.
     *
     * @param split queue wait, run time and delivery in µs when the probe's timestamps were there (and the task was
     *              not retried), else null
     */
    synchronized void finished(boolean success, String excType, String sample, long endToEndMicros, long[] split, int retries,
                               String worker) {
        if (success) succeeded++;
        else {
            failed++;
            failuresByType.merge(excType, 1L, Long::sum);
            failureSamples.putIfAbsent(excType, sample);
            if ("NotRegistered".equals(excType)) notRegistered++;
        }
        if (retries > 0) retriedTasks++;
        endToEnd.recordValue(clamp(endToEndMicros));
        if (worker != null) byWorker.merge(worker, 1L, Long::sum);
        if (split != null) {
            if (split[0] < 0 || split[2] < 0) skewed++;
            queueWait.recordValue(clamp(split[0]));
            runTime.recordValue(clamp(split[1]));
            delivery.recordValue(clamp(split[2]));
            splitCount++;
            sumParts += split[0] + split[1] + split[2];
            sumEndToEnd += endToEndMicros;
        }
    }

    synchronized void neverCompleted() { unknown++; }

    /** A snapshot for the report. */
    synchronized Snapshot snapshot() {
        return new Snapshot(name, submitted, publishFailed, succeeded, failed, retried, retriedTasks, unknown, notRegistered, skewed,
                new TreeMap<>(failuresByType), new LinkedHashMap<>(failureSamples), new TreeMap<>(byWorker), percentiles(publish),
                percentiles(endToEnd), percentiles(queueWait), percentiles(runTime), percentiles(delivery), splitCount,
                splitCount == 0 ? 0 : (sumEndToEnd - sumParts) / (double) splitCount);
    }

    static Map<String, Double> percentiles(Histogram h) {
        return dev.stampede.core.metrics.SideHistograms.percentilesMs(h);
    }

    /**
     * One task name's figures. Latency maps as {@link #percentiles}.
     *
     * @param retries         RETRY states seen (each retry once)
     * @param retriedTasks    tasks that ended after at least one retry
     * @param unknown         tasks with no final state within the result timeout (each counted once)
     * @param skewed          split tasks whose worker timestamps fell outside Stampede's window (clock skew)
     * @param byWorker        final states by worker (hostname/pid), from the probe's result
     * @param splitResidualUs mean of end-to-end minus (queue wait + run + delivery) over split tasks, µs (rounding only)
     */
    public record Snapshot(String name, long submitted, long publishFailed, long succeeded, long failed, long retries, long retriedTasks,
                           long unknown, long notRegistered, long skewed, Map<String, Long> failuresByType,
                           Map<String, String> failureSamples, Map<String, Long> byWorker, Map<String, Double> publishLatency,
                           Map<String, Double> endToEnd, Map<String, Double> queueWait, Map<String, Double> runTime,
                           Map<String, Double> resultDelivery, long splitTasks, double splitResidualUs) {
        public long completed() { return succeeded + failed; }
    }
}
