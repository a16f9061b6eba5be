package dev.stampede.core.capacity;

import dev.stampede.core.metrics.IntervalRow;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a probe's latency was still rising when it ended: the mean of the per-second p95 latencies (the ALL rows of
 * the measured phase) over its last third against its first third. A target that keeps up holds its latency level once
 * warmed up; one that cannot keeps a queue that grows, and every second is slower than the one before. Rising means
 * the last third is at least {@value #RISE_FACTOR} times the first and at least {@value #MIN_RISE_MS} ms higher
 * (below that a ratio is noise around a fast target). Stateless.
 */
public final class LatencyTrend {
    /** Last-third over first-third p95 from which the latency counts as rising. */
    public static final double RISE_FACTOR = 1.5;
    /** The least absolute rise, in milliseconds, that counts. */
    public static final double MIN_RISE_MS = 5.0;

    /**
     * The trend of one probe.
     *
     * @param firstMs mean per-second p95 of the first third, ms
     * @param lastMs  mean per-second p95 of the last third, ms
     * @param rising  whether the latency was still rising at the end
     */
    public record Result(double firstMs, double lastMs, boolean rising) {
        public static final Result FLAT = new Result(0, 0, false);
    }

    private LatencyTrend() {
    }

    /** The trend over {@code series}'s ALL rows of phase {@code phase}; flat with fewer than three such seconds. */
    public static Result of(List<IntervalRow> series, String phase) {
        List<Double> p95 = new ArrayList<>();
        for (IntervalRow r : series) {
            if ("ALL".equals(r.operation()) && phase.equals(r.phase()) && r.ok() + r.failed() + r.unknown() > 0) p95.add(r.p95Ms());
        }
        return of(p95);
    }

    /** The trend of per-second p95 latencies in order. */
    public static Result of(List<Double> p95) {
        int n = p95.size();
        if (n < 3) return Result.FLAT;
        int third = Math.max(1, n / 3);
        double first = mean(p95.subList(0, third));
        double last = mean(p95.subList(n - third, n));
        boolean rising = last >= first * RISE_FACTOR && last - first >= MIN_RISE_MS;
        return new Result(first, last, rising);
    }

    private static double mean(List<Double> xs) {
        double s = 0;
        for (double x : xs) s += x;
        return s / xs.size();
    }
}
