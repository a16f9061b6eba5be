package dev.stampede.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shadow-read comparison: each read answered by the primary is also asked of the other store and the answers compared.
 * Thread-safe.
 */
final class ShadowReads {
    private final AtomicLong compared = new AtomicLong(), mismatched = new AtomicLong(), failed = new AtomicLong();
    private final List<Sample> sample = new ArrayList<>();

    /** One mismatch: what each store answered (null when it had no record). */
    record Sample(String key, String primary, String shadow) {
    }

    /**
     * The report's view.
     *
     * @param failed shadow reads that errored (the user's read was still answered by the primary)
     */
    record Snapshot(long compared, long mismatched, long failed, double mismatchRate, List<Sample> sample) {
    }

    void compare(String key, Row primary, Row shadow) {
        compared.incrementAndGet();
        if (primary == null ? shadow == null : primary.sameAs(shadow)) return;
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
            return new Snapshot(c, m, failed.get(), c == 0 ? 0 : (double) m / c, List.copyOf(sample));
        }
    }
}
