package dev.stampede.core.shard;

import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioPlan;
import dev.stampede.core.metrics.OperationMetrics;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Intervals of several shards on one absolute clock: bucket {@code k} (1, 2, ...) of a scenario is the second
 * {@code (k-1, k]} after the scenario's planned start (the same instant on every shard). A shard's interval belongs to
 * the bucket its midpoint falls in, so that shards started up to half a second apart land in the same buckets (a
 * larger start skew is reported by the merge), and a bucket outside the plan's recorded seconds (a sliver closed at the
 * measured phase's first edge, the grace after its planned end) is moved to the nearest recorded second. Histograms in a
 * bucket are added ({@link Histogram#add}), never their percentiles averaged, so any sum of buckets is exactly the
 * histogram of all the attempts in them. Not thread-safe.
 */
final class IntervalBuckets {
    /**
     * Bucket of an interval from {@code startSeconds} to {@code endSeconds} after the scenario's planned start.
     *
     * @param expected the plan's recorded seconds ({@link #expected}); empty when unknown (no clamping)
     */
    static long bucket(double startSeconds, double endSeconds, TreeSet<Long> expected) {
        long k = Math.max(1, (long) Math.ceil((startSeconds + endSeconds) / 2));
        if (expected.isEmpty()) return k;
        return Math.max(expected.first(), Math.min(expected.last(), k));
    }

    /**
     * The buckets a shard must have for the plan's recorded phases, assuming the phases run back to back for their
     * planned durations; empty when a recorded phase ends by iteration count (then only the shards' own buckets tell).
     */
    static TreeSet<Long> expected(ScenarioPlan plan) {
        TreeSet<Long> out = new TreeSet<>();
        double t = 0;
        for (PhasePlan p : plan.phases()) {
            if (p.duration() == null) return new TreeSet<>();
            double end = t + p.duration().toNanos() / 1e9;
            if (p.recorded()) for (long b = (long) Math.floor(t + 0.5) + 1; b <= Math.round(end); b++) out.add(b);
            t = end;
        }
        return out;
    }

    /** "3-5 s, 9 s". */
    static String ranges(TreeSet<Long> buckets) {
        List<String> parts = new ArrayList<>();
        Long from = null, prev = null;
        for (long b : buckets) {
            if (from == null) {
                from = b;
            } else if (b != prev + 1) {
                parts.add(from.equals(prev) ? from + "" : from + "-" + prev);
                from = b;
            }
            prev = b;
        }
        if (from != null) parts.add(from.equals(prev) ? from + "" : from + "-" + prev);
        return String.join(", ", parts) + " s";
    }

    /** Per tag, per bucket, the sum of every shard's histograms. */
    private final Map<String, TreeMap<Long, Histogram>> byTag = new TreeMap<>();
    /** Per operation, per bucket: ok, failed, unknown; and each bucket's phase. */
    private final Map<String, TreeMap<Long, long[]>> counts = new java.util.LinkedHashMap<>();
    private final TreeMap<Long, String> phases = new TreeMap<>();

    void add(String tag, long bucket, Histogram h) {
        byTag.computeIfAbsent(tag, t -> new TreeMap<>()).computeIfAbsent(bucket, b -> empty(h)).add(h);
    }

    void count(String operation, long bucket, String phase, long ok, long failed, long unknown) {
        long[] c = counts.computeIfAbsent(operation, o -> new TreeMap<>()).computeIfAbsent(bucket, b -> new long[3]);
        c[0] += ok;
        c[1] += failed;
        c[2] += unknown;
        phases.putIfAbsent(bucket, phase);
    }

    /** The operations in the order their counts first appeared. */
    List<String> operations() { return List.copyOf(counts.keySet()); }

    /** The sum over all buckets of {@code tag}: exactly the histogram of all its shards' intervals. */
    Histogram total(String tag) {
        Histogram sum = new Histogram(1, OperationMetrics.MAX_MICROS, 3);
        TreeMap<Long, Histogram> m = byTag.get(tag);
        if (m != null) for (Histogram h : m.values()) sum.add(h);
        return sum;
    }

    /** The end-to-end latency of {@code operation} over all buckets: its outcomes' histograms added. */
    Histogram totalLatency(String operation) {
        Histogram sum = new Histogram(1, OperationMetrics.MAX_MICROS, 3);
        for (String o : BundleWriter.OUTCOMES) {
            TreeMap<Long, Histogram> m = byTag.get(operation + o);
            if (m != null) for (Histogram h : m.values()) sum.add(h);
        }
        return sum;
    }

    /** ok, failed, unknown of {@code operation} over all buckets. */
    long[] totalCounts(String operation) {
        long[] t = new long[3];
        TreeMap<Long, long[]> m = counts.get(operation);
        if (m != null) for (long[] c : m.values()) for (int i = 0; i < 3; i++) t[i] += c[i];
        return t;
    }

    /**
     * The merged per-second series: one row per bucket and operation, then the bucket's ALL row (as a run's). A row
     * keeps numbers, not the histograms, so four scratch histograms serve every bucket; a tag absent from a bucket
     * adds nothing.
     */
    List<dev.stampede.core.metrics.IntervalRow> series(String all) {
        List<dev.stampede.core.metrics.IntervalRow> out = new ArrayList<>();
        Histogram allLat = scratch(), allAcq = scratch(), lat = scratch(), acq = scratch();
        for (Map.Entry<Long, String> b : phases.entrySet()) {
            long k = b.getKey();
            allLat.reset();
            allAcq.reset();
            long ok = 0, failed = 0, unknown = 0;
            for (String op : counts.keySet()) {
                long[] c = counts.get(op).getOrDefault(k, NO_COUNTS);
                lat.reset();
                acq.reset();
                addAt(acq, op + BundleWriter.ACQUIRE, k);
                for (String o : BundleWriter.OUTCOMES) addAt(lat, op + o, k);
                allLat.add(lat);
                allAcq.add(acq);
                out.add(OperationMetrics.row(k, b.getValue(), op, c[0], c[1], c[2], 1.0, lat, acq));
                ok += c[0];
                failed += c[1];
                unknown += c[2];
            }
            out.add(OperationMetrics.row(k, b.getValue(), all, ok, failed, unknown, 1.0, allLat, allAcq));
        }
        return out;
    }

    private static final long[] NO_COUNTS = new long[3];

    private static Histogram scratch() { return new Histogram(1, OperationMetrics.MAX_MICROS, 3); }

    /** Adds {@code tag}'s histogram of {@code bucket} to {@code into}, when the bucket has one. */
    private void addAt(Histogram into, String tag, long bucket) {
        TreeMap<Long, Histogram> m = byTag.get(tag);
        Histogram h = m == null ? null : m.get(bucket);
        if (h != null) into.add(h);
    }

    private static Histogram empty(Histogram like) {
        return new Histogram(1, Math.max(like.getHighestTrackableValue(), OperationMetrics.MAX_MICROS),
                like.getNumberOfSignificantValueDigits());
    }
}
