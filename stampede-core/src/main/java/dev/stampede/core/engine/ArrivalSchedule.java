package dev.stampede.core.engine;

import java.util.SplittableRandom;

/**
 * Hands out the intended start times of open-model arrivals, in order. Thread-safe: workers call
 * {@link #next()} concurrently; a lock keeps the sequence strictly ordered, which a Poisson process
 * needs (each gap is added to the previous arrival). The lock is held for a few arithmetic operations.
 * Memory is constant: times are computed, never queued.
 */
public final class ArrivalSchedule {
    private final long startNanos;
    private final double periodNanos;
    private final ArrivalProcess process;
    private final SplittableRandom random;
    private final long maxArrivals;
    private final Stages stages;
    private final double phase;
    private long issued;
    private double poissonOffsetNanos;
    private boolean closed;

    /**
     * @param maxArrivals arrivals after which {@link #next()} returns {@link Long#MAX_VALUE}; 0 for no limit
     */
    public ArrivalSchedule(long startNanos, double ratePerSecond, ArrivalProcess process, long seed, long maxArrivals) {
        this(startNanos, ratePerSecond, process, seed, maxArrivals, null);
    }

    /**
     * @param stages a ramping rate (arrivals follow its integral: a constant process puts arrival i where i arrivals were
     *               due, a Poisson process where the sum of i unit exponential gaps is due); null for the constant
     *               {@code ratePerSecond}. After the last stage there are no more arrivals
     */
    public ArrivalSchedule(long startNanos, double ratePerSecond, ArrivalProcess process, long seed, long maxArrivals, Stages stages) {
        this(startNanos, ratePerSecond, process, seed, maxArrivals, stages, 0);
    }

    /**
     * @param phase constant arrivals: arrival i is due where {@code i + phase} arrivals were due ({@link LoadModel.Open#arrivalPhase})
     */
    public ArrivalSchedule(long startNanos, double ratePerSecond, ArrivalProcess process, long seed, long maxArrivals, Stages stages,
                           double phase) {
        this.stages = stages;
        this.phase = phase;
        this.startNanos = startNanos;
        this.periodNanos = 1e9 / ratePerSecond;
        this.process = process;
        this.random = new SplittableRandom(seed);
        this.maxArrivals = maxArrivals;
    }

    /**
     * Intended start of the next arrival, or {@link Long#MAX_VALUE} when the iteration budget is spent
     * or the schedule was closed.
     */
    public synchronized long next() {
        if (closed) return Long.MAX_VALUE;
        return advance();
    }

    /**
     * Closes the schedule (every later {@link #next()} returns {@link Long#MAX_VALUE}) and counts the
     * arrivals never handed out whose intended start is before {@code until}: arrivals that were due
     * but that no worker took, because the phase was stopped or its workers were stuck.
     */
    public synchronized long closeAndCountDue(long until) {
        if (closed) return 0;
        closed = true;
        long due = 0;
        for (long t = advance(); t != Long.MAX_VALUE && t < until; t = advance()) due++;
        return due;
    }

    private long advance() {
        if (maxArrivals > 0 && issued >= maxArrivals) return Long.MAX_VALUE;
        long index = issued++;
        if (stages != null) {
            double due = process == ArrivalProcess.CONSTANT ? index + phase : (poissonOffsetNanos += -Math.log(1.0 - random.nextDouble()));
            long t = stages.arrivalTime(due);
            return t == Long.MAX_VALUE ? Long.MAX_VALUE : startNanos + t;
        }
        if (process == ArrivalProcess.CONSTANT) {
            return startNanos + (long) ((index + phase) * periodNanos);
        }
        // exponential gap by inversion; 1 - u avoids log(0)
        poissonOffsetNanos += -Math.log(1.0 - random.nextDouble()) * periodNanos;
        return startNanos + (long) poissonOffsetNanos;
    }
}
