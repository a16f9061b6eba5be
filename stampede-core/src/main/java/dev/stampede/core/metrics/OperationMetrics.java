package dev.stampede.core.metrics;

import dev.stampede.core.api.ErrorClass;
import dev.stampede.core.api.Outcome;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live measurements of one operation.
 *
 * <p>Thread-safety: {@link #record} is called concurrently by every virtual user and is wait-free on
 * the success path (one {@link AttemptRecorder} for the three histograms, plus {@link LongAdder}s); errors take a
 * concurrent map look-up. {@link #tick} and the summary methods belong to the single sampler thread, which swaps the
 * recorders' interval histograms and folds them into running totals. Memory is fixed at construction:
 * histograms, not sample lists.
 *
 * <p>Units: recorded in microseconds, from 1 us to 1 hour, 3 significant digits. A value beyond an
 * hour is recorded as an hour (the attempt is still counted).
 */
public final class OperationMetrics {
    /** The highest latency recorded, microseconds (an hour): larger values are recorded as this. */
    public static final long MAX_MICROS = 3_600_000_000L;

    private final String name;
    private final AttemptRecorder recorder = new AttemptRecorder(MAX_MICROS);
    private final LongAdder ok = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder unknown = new LongAdder();
    private final LongAdder connectionLoss = new LongAdder();
    private final LongAdder clientErrors = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder retriedAttempts = new LongAdder();
    private final Map<String, ErrorTally> errors = new ConcurrentHashMap<>();

    // owned by the sampler thread
    private final Histogram latencyTotal = new Histogram(1, MAX_MICROS, 3);
    private final Histogram acquireTotal = new Histogram(1, MAX_MICROS, 3);
    private final Histogram executionTotal = new Histogram(1, MAX_MICROS, 3);
    private Histogram latencyInterval;
    private Histogram acquireInterval;
    private Histogram executionInterval;
    private Histogram failedInterval;
    private Histogram unknownInterval;
    private long lastOk;
    private long lastFailed;
    private long lastUnknown;
    private long lastConnectionLoss;

    public OperationMetrics(String name) {
        this.name = name;
    }

    public String name() { return name; }

    /** Records one finished attempt that did not end waiting for its connection; see the 7-argument form. */
    public void record(Outcome outcome, long intendedStart, long actualStart, long acquiredAt, long end, int retryCount) {
        record(outcome, intendedStart, actualStart, acquiredAt, false, end, retryCount);
    }

    /**
     * Records one finished attempt. All times come from the same {@code NanoClock}. Allocation-free
     * unless the outcome is an error class seen for the first time (checked by bench/jmh RecordBench).
     *
     * @param intendedStart when the attempt was meant to start (open model and paced closed model: its
     *                      slot; otherwise its actual start)
     * @param actualStart   when it started
     * @param acquiredAt    when the connection was held (or, with {@code acquireFailed}, when waiting for
     *                      it failed), or 0 when the operation does not use one
     * @param acquireFailed the attempt ended waiting for its connection: the wait is acquire time and
     *                      nothing is recorded as execution, because nothing was executed
     * @param end           when it ended
     */
    public void record(Outcome outcome, long intendedStart, long actualStart, long acquiredAt, boolean acquireFailed,
                       long end, int retryCount) {
        int status = switch (outcome.status()) {
            case OK -> AttemptRecorder.OK;
            case FAILED -> AttemptRecorder.FAILED;
            case UNKNOWN -> AttemptRecorder.UNKNOWN;
        };
        if (acquiredAt != 0L) {
            recorder.record(micros(end - intendedStart), micros(acquiredAt - actualStart), acquireFailed ? -1 : micros(end - acquiredAt), status);
        } else {
            recorder.record(micros(end - intendedStart), -1, micros(end - actualStart), status);
        }
        if (retryCount > 0) {
            retries.add(retryCount);
            retriedAttempts.increment();
        }
        switch (outcome.status()) {
            case OK -> ok.increment();
            case FAILED -> { failed.increment(); tally(outcome, false); }
            case UNKNOWN -> { unknown.increment(); tally(outcome, true); }
        }
    }

    private void tally(Outcome outcome, boolean isUnknown) {
        ErrorClass ec = outcome.error();
        if (ec.connectionLoss()) connectionLoss.increment();
        if (ec.code().equals(ErrorClass.CLIENT_ERROR.code())) clientErrors.increment();
        // get first: computeIfAbsent's capturing lambda would allocate on every failed attempt (JMH recordFailed: 24 B/op)
        ErrorTally t = errors.get(ec.code());
        if (t == null) t = errors.computeIfAbsent(ec.code(), k -> new ErrorTally(ec.label(), ec.connectionFailure(), outcome.message()));
        (isUnknown ? t.unknown : t.failed).increment();
    }

    private static long micros(long nanos) {
        long us = Math.max(1L, nanos / 1000L);
        return Math.min(us, MAX_MICROS);
    }

    /**
     * Sampler thread only: swaps the interval histograms, adds them to the totals and returns this
     * interval's row.
     */
    IntervalRow tick(double second, String phase, double intervalSeconds, Histogram allInterval) {
        AttemptRecorder.Interval ended = recorder.swap();
        latencyInterval = ended.latency();
        acquireInterval = ended.acquire();
        executionInterval = ended.execution();
        failedInterval = ended.failedLatency();
        unknownInterval = ended.unknownLatency();
        latencyTotal.add(latencyInterval);
        acquireTotal.add(acquireInterval);
        executionTotal.add(executionInterval);
        if (allInterval != null) allInterval.add(latencyInterval);
        long o = ok.sum(), f = failed.sum(), u = unknown.sum();
        long dOk = o - lastOk, dFailed = f - lastFailed, dUnknown = u - lastUnknown;
        lastOk = o; lastFailed = f; lastUnknown = u;
        return row(second, phase, name, dOk, dFailed, dUnknown, intervalSeconds, latencyInterval, acquireInterval);
    }

    public static IntervalRow row(double second, String phase, String op, long dOk, long dFailed, long dUnknown,
                           double intervalSeconds, Histogram lat, Histogram acq) {
        double tput = intervalSeconds > 0 ? dOk / intervalSeconds : 0;
        boolean any = lat.getTotalCount() > 0;
        return new IntervalRow(second, phase, op, dOk, dFailed, dUnknown, tput,
                any ? lat.getMean() / 1000.0 : 0,
                any ? lat.getValueAtPercentile(50) / 1000.0 : 0,
                any ? lat.getValueAtPercentile(95) / 1000.0 : 0,
                any ? lat.getValueAtPercentile(99) / 1000.0 : 0,
                any ? lat.getMaxValue() / 1000.0 : 0,
                acq != null && acq.getTotalCount() > 0 ? acq.getValueAtPercentile(95) / 1000.0 : 0);
    }

    /** Attempts that ended so far, whatever their outcome. Any thread. */
    long attemptsSoFar() { return ok.sum() + failed.sum() + unknown.sum(); }

    /** Attempts so far that failed in the workload's own code ({@link ErrorClass#CLIENT_ERROR}). Any thread. */
    long clientErrorsSoFar() { return clientErrors.sum(); }

    /** The sample message of this operation's client-side errors, or null when there were none. */
    String clientErrorSample() {
        ErrorTally t = errors.get(ErrorClass.CLIENT_ERROR.code());
        return t == null ? null : t.sample;
    }

    /** Sampler thread only: connection-loss failures since the previous call. */
    long connectionLossSinceLastCall() {
        long c = connectionLoss.sum();
        long d = c - lastConnectionLoss;
        lastConnectionLoss = c;
        return d;
    }

    /** Sampler thread only, after the final tick. */
    OperationSummary summary(double measuredSeconds) {
        long o = ok.sum(), f = failed.sum(), u = unknown.sum();
        List<ErrorSummary> tallied = new ArrayList<>();
        errors.forEach((code, t) -> tallied.add(new ErrorSummary(code, t.label, t.connectionFailure, t.failed.sum(), t.unknown.sum(), t.sample)));
        List<ErrorSummary> es = ErrorSummary.mostFrequentFirst(tallied);
        return new OperationSummary(name, o + f + u, o, f, u, retries.sum(), retriedAttempts.sum(),
                measuredSeconds > 0 ? o / measuredSeconds : 0,
                LatencyStats.ofMicros(latencyTotal), LatencyStats.ofMicros(acquireTotal, false),
                LatencyStats.ofMicros(executionTotal, false), es);
    }

    Histogram latencyTotal() { return latencyTotal; }
    Histogram acquireTotal() { return acquireTotal; }
    Histogram executionTotal() { return executionTotal; }
    Histogram acquireInterval() { return acquireInterval; }
    Histogram latencyInterval() { return latencyInterval; }
    Histogram executionInterval() { return executionInterval; }
    /** The last interval's latency of failed attempts; null when the operation has had none yet. */
    Histogram failedInterval() { return failedInterval; }
    /** The last interval's latency of attempts of unknown outcome; null when the operation has had none yet. */
    Histogram unknownInterval() { return unknownInterval; }

    private static final class ErrorTally {
        final String label;
        final boolean connectionFailure;
        final String sample;
        final LongAdder failed = new LongAdder();
        final LongAdder unknown = new LongAdder();

        ErrorTally(String label, boolean connectionFailure, String sample) {
            this.label = label;
            this.connectionFailure = connectionFailure;
            this.sample = sample;
        }
    }
}
