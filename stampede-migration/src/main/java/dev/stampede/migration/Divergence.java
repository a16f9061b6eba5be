package dev.stampede.migration;

import dev.stampede.core.engine.NanoClock;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Dual-write divergence: writes the primary acknowledged whose mirror write failed, so the record stood different in
 * the two stores, and for how long (until a later mirror, the backfill or the carry-back wrote it again). Thread-safe.
 */
final class Divergence {
    private final NanoClock clock;
    private final ConcurrentHashMap<String, Long> open = new ConcurrentHashMap<>();
    /** Per open key, the time of its latest failed mirror write (open holds its first, for how long it stayed divergent). */
    private final ConcurrentHashMap<String, Long> latest = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong(), repaired = new AtomicLong(), repairedNanos = new AtomicLong(),
            maxRepairedNanos = new AtomicLong();
    private final List<String> sample = new ArrayList<>();
    private final Map<String, String> reasons = new ConcurrentHashMap<>();

    Divergence(NanoClock clock) {
        this.clock = clock;
    }

    /** A mirror write of {@code key} failed (or was dropped) while its primary write stood. */
    void diverged(String key, String reason) {
        writes.incrementAndGet();
        long now = clock.nanoTime();
        open.putIfAbsent(key, now);
        latest.put(key, now);
        synchronized (sample) {
            if (sample.size() < 10 && !sample.contains(key)) sample.add(key);
        }
        reasons.putIfAbsent(reason, key);
    }

    /** {@code key} was written to the other store again: no longer divergent. */
    /**
     * As {@link #repaired}, for a copy made from a read at {@code readAtNanos}: the key is repaired only when its latest
     * failed write came before that read (a mirror write that failed after the read is not in the copy).
     */
    void repairedByReadAt(String key, long readAtNanos) {
        if (open.isEmpty()) return;
        Long last = latest.get(key);
        if (last != null && last < readAtNanos) repaired(key);
    }

    void repaired(String key) {
        if (open.isEmpty()) return;
        Long since = open.remove(key);
        if (since == null) return;
        latest.remove(key);
        long d = clock.nanoTime() - since;
        repaired.incrementAndGet();
        repairedNanos.addAndGet(d);
        maxRepairedNanos.accumulateAndGet(d, Math::max);
    }

    /** Keys divergent now. */
    java.util.Set<String> openKeys() { return java.util.Set.copyOf(open.keySet()); }

    /**
     * The report's view.
     *
     * @param writes          mirror writes that failed or were dropped
     * @param stillDivergent  keys not written to the other store again by the time of the snapshot
     * @param repaired        keys that were
     * @param meanRepairS     mean time a repaired key stayed divergent, seconds; null when none was repaired
     * @param maxRepairS      longest such time, seconds; null when none
     * @param oldestOpenS     how long the oldest still-divergent key has been so, seconds; null when none
     * @param sample          up to 10 divergent keys
     * @param reasons         why mirror writes failed (one per kind of failure, with a key it hit)
     */
    record Snapshot(long writes, long stillDivergent, long repaired, Double meanRepairS, Double maxRepairS, Double oldestOpenS,
                    List<String> sample, Map<String, String> reasons) {
    }

    Snapshot snapshot() {
        long now = clock.nanoTime();
        long rep = repaired.get();
        Double oldest = null;
        for (long since : open.values()) oldest = Math.max(oldest == null ? 0 : oldest, (now - since) / 1e9);
        List<String> s;
        synchronized (sample) {
            s = List.copyOf(sample);
        }
        return new Snapshot(writes.get(), open.size(), rep, rep == 0 ? null : repairedNanos.get() / 1e9 / rep,
                rep == 0 ? null : maxRepairedNanos.get() / 1e9, oldest, s, Map.copyOf(reasons));
    }
}
