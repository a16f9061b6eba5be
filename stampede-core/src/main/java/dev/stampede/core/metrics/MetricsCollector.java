package dev.stampede.core.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every measurement of one scenario: one {@link OperationMetrics} per workload operation, the
 * open-model start lag, dropped arrivals and the per-second series.
 *
 * <p>Thread-safety: the recording methods are safe from any thread; {@link #tick} and
 * {@link #summarize} belong to the single sampler thread.
 */
public final class MetricsCollector {
    /** Name of the aggregate row in reports. */
    public static final String ALL = "ALL";

    private final OperationMetrics[] ops;
    private final Recorder startLag = new Recorder(1, OperationMetrics.MAX_MICROS, 3);
    private final Histogram startLagTotal = new Histogram(1, OperationMetrics.MAX_MICROS, 3);
    private Histogram startLagInterval;
    private final LongAdder dropped = new LongAdder();
    private final List<IntervalRow> series = new ArrayList<>();
    private final Histogram allInterval = new Histogram(1, OperationMetrics.MAX_MICROS, 3);
    private final Histogram allAcquireInterval = new Histogram(1, OperationMetrics.MAX_MICROS, 3);

    public MetricsCollector(List<String> operationNames) {
        ops = new OperationMetrics[operationNames.size()];
        for (int i = 0; i < ops.length; i++) ops[i] = new OperationMetrics(operationNames.get(i));
    }

    /** Metrics of the operation at {@code index} in the workload's list. */
    public OperationMetrics op(int index) { return ops[index]; }

    /** Records how late an open-model arrival started relative to its intended time, in nanoseconds. */
    public void recordStartLag(long nanos) {
        startLag.recordValue(Math.min(OperationMetrics.MAX_MICROS, Math.max(1L, nanos / 1000L)));
    }

    /** Counts arrivals that were due but could not start before their phase ended. */
    public void addDropped(long n) { dropped.add(n); }

    /**
     * Sampler thread only: closes the interval that ends at {@code second}, appends one row per
     * operation plus the "ALL" row to the series, and returns the "ALL" row.
     */
    public IntervalRow tick(double second, String phase, double intervalSeconds) {
        allInterval.reset();
        allAcquireInterval.reset();
        long dOk = 0, dFailed = 0, dUnknown = 0;
        for (OperationMetrics m : ops) {
            IntervalRow r = m.tick(second, phase, intervalSeconds, allInterval);
            if (m.acquireInterval() != null) allAcquireInterval.add(m.acquireInterval());
            series.add(r);
            dOk += r.ok(); dFailed += r.failed(); dUnknown += r.unknown();
        }
        startLagInterval = startLag.getIntervalHistogram(startLagInterval);
        startLagTotal.add(startLagInterval);
        IntervalRow all = OperationMetrics.row(second, phase, ALL, dOk, dFailed, dUnknown, intervalSeconds,
                allInterval, allAcquireInterval);
        series.add(all);
        return all;
    }

    /** One operation's interval, as {@link #forEachInterval} shows it. */
    public interface IntervalConsumer {
        /** @param latencyMicros the interval's end-to-end latency histogram (microseconds): read it, do not keep it */
        void accept(IntervalRow row, Histogram latencyMicros);
    }

    /**
     * Sampler thread (or under its lock), right after {@link #tick}: each operation's row and latency histogram of the
     * interval just closed, in workload order. Read-only view of what the tick already computed; allocates nothing.
     */
    public void forEachInterval(IntervalConsumer consumer) {
        int first = series.size() - ops.length - 1;
        if (first < 0) return;
        for (int i = 0; i < ops.length; i++) consumer.accept(series.get(first + i), ops[i].latencyInterval());
    }

    /** One operation's interval with all of its histograms, as {@link #forEachIntervalHistograms} shows it. */
    public interface HistogramsConsumer {
        /**
         * Histograms in microseconds, read-only and only for the call. {@code failed} and {@code unknown} are the
         * latency of the attempts of that outcome (null while the operation has had none; the successes' latency is
         * {@code latency} less both); {@code acquire} is empty (not null) for an operation that holds no connection.
         */
        void accept(IntervalRow row, Histogram latency, Histogram failed, Histogram unknown, Histogram acquire, Histogram execution);
    }

    /**
     * As {@link #forEachInterval}, with the interval's per-outcome, pool-acquire and execution histograms too (a shard's
     * interval log keeps them all, so a merge can rebuild every summary exactly).
     */
    public void forEachIntervalHistograms(HistogramsConsumer consumer) {
        int first = series.size() - ops.length - 1;
        if (first < 0) return;
        for (int i = 0; i < ops.length; i++) {
            OperationMetrics m = ops[i];
            consumer.accept(series.get(first + i), m.latencyInterval(), m.failedInterval(), m.unknownInterval(), m.acquireInterval(),
                    m.executionInterval());
        }
    }

    /** One operation's whole-scenario histograms, as {@link #forEachTotal} shows them. */
    public interface TotalsConsumer {
        /** Microseconds, read-only and only for the call: everything the ticks folded in, over the collector's life. */
        void accept(String operation, Histogram latency, Histogram acquire, Histogram execution);
    }

    /**
     * Sampler thread, or any thread once the scenario has ended: each operation's running totals (the histograms its
     * summary's percentiles come from), in workload order.
     */
    public void forEachTotal(TotalsConsumer consumer) {
        for (OperationMetrics m : ops) consumer.accept(m.name(), m.latencyTotal(), m.acquireTotal(), m.executionTotal());
    }

    /** Sampler thread, right after {@link #tick}: the open model's start lag of the interval just closed (microseconds). */
    public Histogram startLagInterval() { return startLagInterval; }

    /** Attempts that ended so far, over all operations. Any thread; not on the hot path. */
    public long attemptsSoFar() {
        long n = 0;
        for (OperationMetrics m : ops) n += m.attemptsSoFar();
        return n;
    }

    /** Attempts so far that failed in the workload's own code, over all operations. Any thread. */
    public long clientErrorsSoFar() {
        long n = 0;
        for (OperationMetrics m : ops) n += m.clientErrorsSoFar();
        return n;
    }

    /**
     * The operation with the most client-side errors and its sample message, as
     * {@code "operation 'name': IllegalStateException: boom"}; null when there were none.
     */
    public String worstClientError() {
        OperationMetrics worst = null;
        for (OperationMetrics m : ops) {
            if (m.clientErrorsSoFar() > 0 && (worst == null || m.clientErrorsSoFar() > worst.clientErrorsSoFar())) worst = m;
        }
        return worst == null ? null : "operation '" + worst.name() + "' (" + worst.clientErrorsSoFar() + " attempts): "
                + worst.clientErrorSample();
    }

    /** Sampler thread only: connection-loss failures since the previous call, over all operations. */
    public long connectionLossSinceLastCall() {
        long n = 0;
        for (OperationMetrics m : ops) n += m.connectionLossSinceLastCall();
        return n;
    }

    /** Sampler thread only, after the final {@link #tick}. */
    public ScenarioMetrics summarize(double measuredSeconds) {
        List<OperationSummary> summaries = new ArrayList<>(ops.length);
        Histogram lat = new Histogram(1, OperationMetrics.MAX_MICROS, 3);
        Histogram acq = new Histogram(1, OperationMetrics.MAX_MICROS, 3);
        Histogram exe = new Histogram(1, OperationMetrics.MAX_MICROS, 3);
        long ok = 0, failed = 0, unknown = 0, retries = 0, retried = 0;
        Map<String, ErrorSummary> errors = new LinkedHashMap<>();
        for (OperationMetrics m : ops) {
            OperationSummary s = m.summary(measuredSeconds);
            summaries.add(s);
            lat.add(m.latencyTotal());
            acq.add(m.acquireTotal());
            exe.add(m.executionTotal());
            ok += s.ok(); failed += s.failed(); unknown += s.unknown();
            retries += s.retries(); retried += s.retriedAttempts();
            for (ErrorSummary e : s.errors()) {
                errors.merge(e.code(), e, ErrorSummary::plus);
            }
        }
        List<ErrorSummary> errorList = ErrorSummary.mostFrequentFirst(errors.values());
        OperationSummary all = new OperationSummary(ALL, ok + failed + unknown, ok, failed, unknown, retries, retried,
                measuredSeconds > 0 ? ok / measuredSeconds : 0,
                LatencyStats.ofMicros(lat), LatencyStats.ofMicros(acq, false), LatencyStats.ofMicros(exe, false), errorList);
        return new ScenarioMetrics(summaries, all, LatencyStats.ofMicros(startLagTotal, false), dropped.sum(),
                List.copyOf(series));
    }
}
