package dev.stampede.postgres.pool;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The knee of a pool-size sweep: the smallest pool whose throughput is within {@code tolerance} of the best seen, so
 * that every larger pool buys less than that in throughput while its connections cost server memory and, past the
 * server's cores, p99 latency. With a fixed number of closed-model users, throughput x latency = users (Little's law),
 * so below the knee p99 falls as the pool grows and above it p99 stays flat or rises: the knee is where throughput
 * stops paying for connections. When the largest size tested still gained more than the tolerance over the one
 * before, the plateau was not reached and the answer says so (test larger sizes). Stateless.
 */
public final class KneeFinder {
    /** Default tolerance: within 5% of the best throughput counts as the plateau. */
    public static final double TOLERANCE = 0.05;

    private KneeFinder() {
    }

    /** One pool size of the sweep: successful attempts per second and p99 latency (ms) at that size. */
    public record Point(int poolSize, double throughputPerSec, double p99Ms) {
    }

    /**
     * @param recommended the knee's pool size, or null with no usable point
     * @param plateau     true when larger sizes were tested and gained less than the tolerance
     * @param bestThroughput the best throughput of the sweep
     * @param reason      one sentence with the numbers
     */
    public record Knee(Integer recommended, boolean plateau, double bestThroughput, String reason, List<Point> points) {
        public Knee {
            points = List.copyOf(points);
        }
    }

    public static Knee find(List<Point> sweep, double tolerance) {
        List<Point> pts = new ArrayList<>(sweep.stream().filter(p -> p.throughputPerSec() > 0).toList());
        pts.sort(Comparator.comparingInt(Point::poolSize));
        if (pts.isEmpty()) return new Knee(null, false, 0, "no pool size of the sweep completed an attempt", List.of());
        double best = pts.stream().mapToDouble(Point::throughputPerSec).max().orElse(0);
        Point knee = pts.stream().filter(p -> p.throughputPerSec() >= (1 - tolerance) * best).findFirst().orElseThrow();
        Point last = pts.get(pts.size() - 1);
        boolean plateau = knee != last;
        if (!plateau && pts.size() >= 2) {
            Point before = pts.get(pts.size() - 2);
            plateau = last.throughputPerSec() < (1 + tolerance) * before.throughputPerSec();
        }
        String reason;
        if (pts.size() == 1) {
            reason = f("one pool size ran (%d: %.0f/s, p99 %.1f ms); a sweep needs at least two", knee.poolSize(), knee.throughputPerSec(), knee.p99Ms());
            plateau = false;
        } else if (!plateau) {
            reason = f("throughput still grew at the largest pool tested (%d: %.0f/s, p99 %.1f ms); test larger pools", last.poolSize(),
                    last.throughputPerSec(), last.p99Ms());
        } else {
            reason = f("pool %d reaches %.0f/s (%.0f%% of the best, %.0f/s) at p99 %.1f ms; larger pools add at most %.0f%% throughput "
                    + "(largest tested: %d at p99 %.1f ms)", knee.poolSize(), knee.throughputPerSec(),
                    100 * knee.throughputPerSec() / best, best, knee.p99Ms(), 100 * (best / knee.throughputPerSec() - 1),
                    last.poolSize(), last.p99Ms());
        }
        return new Knee(knee.poolSize(), plateau, best, reason, pts);
    }

    private static String f(String format, Object... args) { return String.format(Locale.ROOT, format, args); }
}
