package dev.stampede.core.engine;

import java.time.Duration;
import java.util.List;

/**
 * A load target that moves over time (k6's {@code stages}): from {@code start}, each stage moves the target linearly to
 * its {@code target} over its {@code duration}. For the closed model the target is a number of users (ramping VUs:
 * user {@code u}, counting from 0, runs while the target is above {@code u}); for the open model it is an arrival rate
 * per second (ramping arrival rate: arrivals follow the rate's integral). The phase lasts the stages' total. Immutable.
 *
 * <p>All times here are nanoseconds since the phase's start.
 *
 * @param start  the target at the phase's start (k6's startVUs / startRate), at least 0
 * @param stages at least one stage
 */
public record Stages(double start, List<Stage> stages) {

    /** One stage: the target moves linearly to {@code target} over {@code duration}. */
    public record Stage(Duration duration, double target) {
        public Stage {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("a stage's duration must be positive, got " + duration);
            }
            if (!(target >= 0) || Double.isInfinite(target)) throw new IllegalArgumentException("a stage's target must be at least 0, got " + target);
        }
    }

    public Stages {
        if (!(start >= 0) || Double.isInfinite(start)) throw new IllegalArgumentException("the start target must be at least 0, got " + start);
        if (stages == null || stages.isEmpty()) throw new IllegalArgumentException("stages must not be empty");
        stages = List.copyOf(stages);
    }

    /** The phase's length: the stages' durations added. */
    public Duration total() {
        Duration d = Duration.ZERO;
        for (Stage s : stages) d = d.plus(s.duration());
        return d;
    }

    /** The highest target reached (users the phase needs, or the peak rate). */
    public double peak() {
        double p = start;
        for (Stage s : stages) p = Math.max(p, s.target());
        return p;
    }

    /** The same shape with every duration multiplied by {@code factor} (time scale, a --duration override). */
    public Stages scaled(double factor) {
        if (factor == 1.0) return this;
        return new Stages(start, stages.stream().map(s -> new Stage(
                Duration.ofNanos(Math.max(1_000_000L, Math.round(s.duration().toNanos() * factor))), s.target())).toList());
    }

    /**
     * The same durations with every target (and the start) divided by {@code shares}: one shard's share of a ramping
     * arrival rate in a distributed run.
     */
    public Stages dividedBy(int shares) {
        if (shares < 1) throw new IllegalArgumentException("shares must be at least 1, got " + shares);
        if (shares == 1) return this;
        return new Stages(start / shares, stages.stream().map(s -> new Stage(s.duration(), s.target() / shares)).toList());
    }

    /** The target at {@code t}; after the last stage, its target. */
    public double valueAt(long t) {
        long t0 = 0;
        double a = start;
        for (Stage s : stages) {
            long d = s.duration().toNanos();
            if (t < t0 + d) return a + (s.target() - a) * (double) Math.max(0, t - t0) / d;
            t0 += d;
            a = s.target();
        }
        return a;
    }

    /**
     * Closed model: the earliest time at or after {@code t} at which user {@code user} runs, that is the target is above
     * {@code user} (on a rising stage, from the moment it reaches {@code user}, as an even ramp-up starts user u of N at
     * u / N of the ramp); {@link Long#MAX_VALUE} when never again.
     */
    public long nextActive(int user, long t) {
        long t0 = 0;
        double a = start;
        for (Stage s : stages) {
            long d = s.duration().toNanos();
            long t1 = t0 + d;
            double b = s.target();
            if (t1 > t) {
                long from = Math.max(t, t0);
                double v = a + (b - a) * (double) (from - t0) / d;
                if (v > user) return from;
                if (b > a && b > user) {
                    long cross = t0 + (long) Math.ceil((user - a) / (b - a) * d);
                    return Math.max(from, Math.min(cross, t1));
                }
            }
            t0 = t1;
            a = b;
        }
        return a > user ? Math.max(t, t0) : Long.MAX_VALUE;
    }

    /**
     * Open model: the time at which the rate's integral (arrivals expected since the start) reaches {@code arrivals};
     * {@link Long#MAX_VALUE} when it does not within the stages. Inverts the integral of each linear stage exactly
     * (a quadratic), so arrival {@code i} of a constant process is at the time {@code i} arrivals were due.
     */
    public long arrivalTime(double arrivals) {
        if (arrivals <= 0) return 0;
        double left = arrivals;
        long t0 = 0;
        double a = start;
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            double secs = s.duration().toNanos() / 1e9;
            double b = s.target();
            double area = (a + b) / 2 * secs;
            // an arrival due exactly at a stage's end is that stage's; one due exactly at the last stage's end is not the phase's
            if (area > 0 && (area > left || area == left && i < stages.size() - 1)) {
                // a x + (b - a) x^2 / (2 secs) = left, in its stable form; b == a gives left / a
                double x = 2 * left / (a + Math.sqrt(a * a + 2 * (b - a) * left / secs));
                return t0 + Math.min(s.duration().toNanos(), (long) (x * 1e9));
            }
            left -= area;
            t0 += s.duration().toNanos();
            a = b;
        }
        return Long.MAX_VALUE;
    }

    /** Arrivals (open model) or user-seconds (closed model) planned from {@code from} to {@code to}: the target's integral, per second. */
    public double integral(long from, long to) {
        if (to <= from) return 0;
        double sum = 0;
        long t0 = 0;
        double a = start;
        for (Stage s : stages) {
            long d = s.duration().toNanos();
            long t1 = t0 + d;
            long lo = Math.max(from, t0), hi = Math.min(to, t1);
            if (hi > lo) sum += (valueAt(lo) + valueAtIn(a, s.target(), t0, d, hi)) / 2 * (hi - lo) / 1e9;
            t0 = t1;
            a = s.target();
        }
        if (to > t0) sum += a * (to - Math.max(from, t0)) / 1e9;
        return sum;
    }

    private static double valueAtIn(double a, double b, long t0, long d, long t) {
        return a + (b - a) * (double) (t - t0) / d;
    }

    /** Short form for reports: {@code 0 -> 50 over 30s, 50 for 1m, -> 0 over 30s}. */
    public String describe(String unit) {
        StringBuilder b = new StringBuilder();
        double a = start;
        b.append(fmt(a));
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            String d = seconds(s.duration());
            boolean hold = s.target() == a;
            b.append(i == 0 && !hold ? " " : ", ").append(hold ? "held " + d : "-> " + fmt(s.target()) + " over " + d);
            a = s.target();
        }
        return b.append(' ').append(unit).toString();
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.2f", v);
    }
}
