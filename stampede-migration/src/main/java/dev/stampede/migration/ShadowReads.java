package dev.stampede.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shadow-read comparison: each read answered by the primary is also asked of the other store and the answers compared.
 * Thread-safe.
 */
final class ShadowReads {
    private final AtomicLong compared = new AtomicLong(), mismatched = new AtomicLong(), failed = new AtomicLong(), inFlight = new AtomicLong();
    private final List<Sample> sample = new ArrayList<>();

    /** One mismatch: what each store answered (null when it had no record). */
    record Sample(String key, String primary, String shadow) {
    }

    /**
     * The report's view.
     *
     * @param failed   shadow reads that errored (the user's read was still answered by the primary)
     * @param inFlight reads whose two answers differed at first and agreed when both stores were read again (a write
     *                 landed between the two reads); compared, not mismatched
     */
    record Snapshot(long compared, long mismatched, long failed, long inFlight, double mismatchRate, List<Sample> sample) {
    }

    /** Whether two answers are the same record (both absent counts as the same). */
    static boolean agree(Row a, Row b) {
        return a == null ? b == null : a.sameAs(b);
    }

    void inFlight() {
        compared.incrementAndGet();
        inFlight.incrementAndGet();
    }

    /** A shadow read whose two answers agreed (compared once, by the caller). */
    void agreed() {
        compared.incrementAndGet();
    }

    /** A shadow read whose answers still differed when read again: a mismatch, sampled. */
    void mismatched(String key, Row primary, Row shadow) {
        compared.incrementAndGet();
        mismatched.incrementAndGet();
        synchronized (sample) {
            if (sample.size() < 10) sample.add(new Sample(key, primary == null ? null : primary.summary(), shadow == null ? null : shadow.summary()));
        }
    }

    void failed() {
        failed.incrementAndGet();
    }

    Snapshot snapshot() {
        long c = compared.get(), m = mismatched.get();
        synchronized (sample) {
            return new Snapshot(c, m, failed.get(), inFlight.get(), c == 0 ? 0 : (double) m / c, List.copyOf(sample));
        }
    }
}
