package dev.stampede.core.engine;

import dev.stampede.core.api.OperationContext;
import dev.stampede.core.metrics.MetricsCollector;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs one phase on virtual threads and returns when every worker has finished. One driver per phase;
 * not reusable.
 */
final class PhaseDriver {
    private final NanoClock clock;
    private final RunControl control;
    private final Pacer pacer;
    private final AttemptRunner runner;
    private final MetricsCollector metrics;
    private final SplittableRandom seeds;

    PhaseDriver(NanoClock clock, RunControl control, AttemptRunner runner, MetricsCollector metrics, SplittableRandom seeds) {
        this.clock = clock;
        this.control = control;
        this.pacer = new Pacer(clock, control);
        this.runner = runner;
        this.metrics = metrics;
        this.seeds = seeds;
    }

    /** Runs the phase from {@code start}; blocks until all workers are done. */
    void run(PhasePlan phase, long start, long graceNanos) throws InterruptedException {
        long end = phase.duration() == null ? Long.MAX_VALUE : start + phase.duration().toNanos();
        List<Thread> workers = new ArrayList<>();
        switch (phase.model()) {
            case LoadModel.Closed closed -> {
                long rampNanos = closed.rampUp().toNanos();
                long thinkNanos = closed.thinkTime().toNanos();
                for (int u = 0; u < closed.users(); u++) {
                    OperationContext ctx = new OperationContext(u, seeds.split(), clock);
                    long userStart = start + (closed.users() == 1 ? 0 : rampNanos * u / closed.users());
                    workers.add(Thread.ofVirtual().name("vu-" + u)
                            .start(() -> closedUser(ctx, userStart, end, phase.iterations(), thinkNanos)));
                }
            }
            case LoadModel.Open open -> {
                ArrivalSchedule schedule = new ArrivalSchedule(start, open.ratePerSecond(), open.arrivals(),
                        seeds.nextLong(), phase.iterations());
                for (int w = 0; w < open.maxInFlight(); w++) {
                    OperationContext ctx = new OperationContext(w, seeds.split(), clock);
                    workers.add(Thread.ofVirtual().name("arrival-" + w).start(() -> openWorker(ctx, schedule, end)));
                }
            }
        }
        joinAll(workers, graceNanos);
    }

    private void closedUser(OperationContext ctx, long userStart, long end, long iterations, long thinkNanos) {
        if (!pacer.awaitUntil(userStart)) return;
        long done = 0;
        long intended = clock.nanoTime();
        while (!control.isStopped() && (iterations == 0 || done < iterations)) {
            long actual = clock.nanoTime();
            if (actual >= end) return;
            runner.run(ctx, metrics, Math.min(intended, actual), actual);
            done++;
            if (thinkNanos > 0) {
                intended = clock.nanoTime() + thinkNanos;
                if (!pacer.awaitUntil(intended)) return;
            } else {
                intended = clock.nanoTime();
            }
        }
    }

    private void openWorker(OperationContext ctx, ArrivalSchedule schedule, long end) {
        while (true) {
            long intended = schedule.next();
            if (intended == Long.MAX_VALUE || intended >= end) return;
            if (!pacer.awaitUntil(intended)) {
                // stopped: an arrival already due when the stop came was never attempted
                if (clock.nanoTime() >= intended) metrics.addDropped(1);
                return;
            }
            long actual = clock.nanoTime();
            if (actual >= end) {
                // due inside the phase but every worker was busy until it ended
                metrics.addDropped(1);
                continue;
            }
            metrics.recordStartLag(actual - intended);
            runner.run(ctx, metrics, intended, actual);
        }
    }

    /**
     * Waits for the workers; once the run is stopped, gives them {@code graceNanos} to finish their
     * attempt, then interrupts the rest.
     */
    private void joinAll(List<Thread> workers, long graceNanos) throws InterruptedException {
        for (Thread t : workers) {
            while (t.isAlive()) {
                if (control.isStopped()) {
                    long deadline = clock.nanoTime() + graceNanos;
                    for (Thread w : workers) {
                        long left = deadline - clock.nanoTime();
                        if (left > 0) w.join(java.time.Duration.ofNanos(left));
                        if (w.isAlive()) w.interrupt();
                    }
                    for (Thread w : workers) w.join();
                    return;
                }
                t.join(java.time.Duration.ofMillis(100));
            }
        }
    }
}
