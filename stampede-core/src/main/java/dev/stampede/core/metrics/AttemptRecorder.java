package dev.stampede.core.metrics;

import org.HdrHistogram.AtomicHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.WriterReaderPhaser;

import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * The interval histograms of one operation's attempts (end-to-end latency, pool acquire, execution), recorded
 * together under one {@link WriterReaderPhaser}, HdrHistogram's own interval-swap protocol.
 *
 * <p>Why not three {@link org.HdrHistogram.Recorder}s: each {@code Recorder.recordValue} enters and leaves its
 * own phaser and then records into a {@code ConcurrentHistogram}, which enters and leaves a second phaser (it may
 * resize) before its two atomic count updates: six atomic read-modify-writes per value, eighteen per attempt. Here
 * one phaser guards the three values and the histograms are fixed-range {@link AtomicHistogram}s (values are
 * clamped into range before they get here, so they never resize): two atomic updates per value plus the phaser's
 * two, eight per attempt at most (measured with bench/jmh RecordBench).
 *
 * <p>Thread-safety: {@link #record} is wait-free and may be called from any number of threads at once.
 * {@link #swap} belongs to one reader thread (the sampler): it flips the active and the inactive set, waits for
 * writers still inside the old set, and returns the old set, valid until the next swap.
 */
final class AttemptRecorder {
    /**
     * One interval's three histograms, and the latency of the attempts that failed and of those whose outcome is
     * unknown (allocated on the first such attempt, so an operation that never fails pays nothing for them; the
     * successes' latency is {@code latency - failed - unknown}, exact because all are swapped together).
     */
    static final class Interval {
        private static final AtomicReferenceFieldUpdater<Interval, AtomicHistogram> FAILED =
                AtomicReferenceFieldUpdater.newUpdater(Interval.class, AtomicHistogram.class, "failed");
        private static final AtomicReferenceFieldUpdater<Interval, AtomicHistogram> UNKNOWN =
                AtomicReferenceFieldUpdater.newUpdater(Interval.class, AtomicHistogram.class, "unknown");
        final AtomicHistogram latency;
        final AtomicHistogram acquire;
        final AtomicHistogram execution;
        private final long highestMicros;
        private volatile AtomicHistogram failed;
        private volatile AtomicHistogram unknown;

        Interval(long highestMicros) {
            this.highestMicros = highestMicros;
            latency = new AtomicHistogram(1, highestMicros, 3);
            acquire = new AtomicHistogram(1, highestMicros, 3);
            execution = new AtomicHistogram(1, highestMicros, 3);
        }

        /** Latency of this interval's failed attempts; null when there were none in any interval so far. */
        Histogram failedLatency() { return failed; }

        /** Latency of this interval's attempts of unknown outcome; null when there were none in any interval so far. */
        Histogram unknownLatency() { return unknown; }

        private void recordOutcome(AtomicReferenceFieldUpdater<Interval, AtomicHistogram> field, long micros) {
            AtomicHistogram h = field.get(this);
            if (h == null) {
                field.compareAndSet(this, null, new AtomicHistogram(1, highestMicros, 3));
                h = field.get(this);
            }
            h.recordValue(micros);
        }

        Histogram latency() { return latency; }

        Histogram acquire() { return acquire; }

        Histogram execution() { return execution; }

        void reset() {
            latency.reset();
            acquire.reset();
            execution.reset();
            AtomicHistogram f = failed, u = unknown;
            if (f != null) f.reset();
            if (u != null) u.reset();
        }
    }

    private final WriterReaderPhaser phaser = new WriterReaderPhaser();
    private volatile Interval active;
    private Interval inactive;

    /** @param highestMicros the largest value recorded; callers clamp to it */
    AttemptRecorder(long highestMicros) {
        active = new Interval(highestMicros);
        inactive = new Interval(highestMicros);
    }

    /**
     * Records one attempt's values, in microseconds within [1, highest].
     *
     * @param acquireMicros   the wait for the pool connection, or a negative value for none
     * @param executionMicros the execution time, or a negative value for none (an attempt that failed to acquire)
     */
    void record(long latencyMicros, long acquireMicros, long executionMicros) {
        record(latencyMicros, acquireMicros, executionMicros, OK);
    }

    static final int OK = 0, FAILED = 1, UNKNOWN = 2;

    /**
     * As the three-value form, for an attempt of outcome {@code outcome} ({@link #OK}, {@link #FAILED},
     * {@link #UNKNOWN}): a failed or unknown attempt's latency is also recorded under its outcome.
     */
    void record(long latencyMicros, long acquireMicros, long executionMicros, int outcome) {
        long at = phaser.writerCriticalSectionEnter();
        try {
            Interval a = active;
            a.latency.recordValue(latencyMicros);
            if (acquireMicros >= 0) a.acquire.recordValue(acquireMicros);
            if (executionMicros >= 0) a.execution.recordValue(executionMicros);
            if (outcome == FAILED) a.recordOutcome(Interval.FAILED, latencyMicros);
            else if (outcome == UNKNOWN) a.recordOutcome(Interval.UNKNOWN, latencyMicros);
        } finally {
            phaser.writerCriticalSectionExit(at);
        }
    }

    /**
     * Reader thread only: starts a new interval and returns the one that just ended, complete (every record that
     * began before the swap is in it). The returned set stays valid until the next call.
     */
    Interval swap() {
        phaser.readerLock();
        try {
            Interval ended = active;
            inactive.reset();
            active = inactive;
            phaser.flipPhase();
            inactive = ended;
            return ended;
        } finally {
            phaser.readerUnlock();
        }
    }
}
