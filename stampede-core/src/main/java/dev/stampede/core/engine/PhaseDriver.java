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
    private final ThreadMode threads;
    private final List<OperationContext> contexts = new ArrayList<>();

    PhaseDriver(NanoClock clock, RunControl control, AttemptRunner runner, MetricsCollector metrics, SplittableRandom seeds,
                ThreadMode threads) {
        this.clock = clock;
        this.control = control;
        this.pacer = new Pacer(clock, control);
        this.runner = runner;
        this.metrics = metrics;
        this.seeds = seeds;
        this.threads = threads;
    }

    private Thread.Builder builder(int concurrency) {
        return threads.virtualFor(concurrency) ? Thread.ofVirtual() : Thread.ofPlatform().daemon();
    }

    /** Runs the phase from {@code start}; blocks until all workers are done. */
    void run(PhasePlan phase, long start, long graceNanos) throws InterruptedException {
        long end = phase.duration() == null ? Long.MAX_VALUE : start + phase.duration().toNanos();
        List<Thread> workers = new ArrayList<>();
        switch (phase.model()) {
            case LoadModel.Closed closed -> {
                long rampNanos = closed.rampUp().toNanos();
                long thinkNanos = closed.thinkTime().toNanos();
                Thread.Builder builder = builder(closed.users());
                for (int u = 0; u < closed.users(); u++) {
                    OperationContext ctx = new OperationContext(u, seeds.split(), clock);
                    contexts.add(ctx);
                    long userStart = start + (closed.users() == 1 ? 0 : rampNanos * u / closed.users());
                    workers.add(builder.name("vu-" + u)
                            .start(() -> closedUser(ctx, userStart, end, phase.iterations(), thinkNanos)));
                }
            }
            case LoadModel.Open open -> {
                ArrivalSchedule schedule = new ArrivalSchedule(start, open.ratePerSecond(), open.arrivals(),
                        seeds.nextLong(), phase.iterations());
                Thread.Builder builder = builder(open.maxInFlight());
                for (int w = 0; w < open.maxInFlight(); w++) {
                    OperationContext ctx = new OperationContext(w, seeds.split(), clock);
                    contexts.add(ctx);
                    workers.add(builder.name("arrival-" + w).start(() -> openWorker(ctx, schedule, end)));
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
     * Waits for the workers. Once the run is stopped: {@code graceNanos} for attempts to finish, then
     * an interrupt (frees sleeping and virtual-thread I/O), then the run's abort actions (closing the
     * pool aborts connections a platform thread is blocked on), and finally attempts that still have
     * not returned are counted as unknown and left behind, so a hung target cannot hang the run.
     */
    private void joinAll(List<Thread> workers, long graceNanos) throws InterruptedException {
        for (Thread t : workers) {
            while (t.isAlive()) {
                if (control.isStopped()) {
                    stopWorkers(workers, graceNanos);
                    return;
                }
                t.join(java.time.Duration.ofMillis(100));
            }
        }
    }

    private void stopWorkers(List<Thread> workers, long graceNanos) throws InterruptedException {
        if (joinUntil(workers, clock.nanoTime() + graceNanos)) return;
        for (Thread w : workers) if (w.isAlive()) w.interrupt();
        if (joinUntil(workers, clock.nanoTime() + 1_000_000_000L)) return;
        Thread.ofPlatform().daemon().name("stampede-abort").start(control::abortInFlight);
        if (joinUntil(workers, clock.nanoTime() + graceNanos)) return;
        for (OperationContext ctx : contexts) runner.abandon(ctx, metrics);
    }

    /** @return true when every worker ended before {@code deadline} */
    private boolean joinUntil(List<Thread> workers, long deadline) throws InterruptedException {
        for (Thread w : workers) {
            long left = deadline - clock.nanoTime();
            if (left > 0) w.join(java.time.Duration.ofNanos(left));
            if (w.isAlive()) return false;
        }
        return true;
    }
}
