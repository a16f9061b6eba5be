package dev.stampede.core.engine;

import dev.stampede.core.api.OperationContext;
import dev.stampede.core.metrics.MetricsCollector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * Runs one phase and returns when its workers are done or, at the latest, a bounded time after the
 * phase's planned end or a stop (see {@link #run}). One driver per phase; not reusable.
 *
 * <p>Thread-safety: {@link #run} runs on the engine's thread; {@link #inFlight} may be called from the
 * sampler thread at any time.
 */
final class PhaseDriver {
    /** How often the driver looks at its workers, the phase end and the stop switch. */
    static final long POLL_NANOS = 10_000_000L;
    /** After the interrupt, how long workers get to react before the abort actions run. */
    static final long INTERRUPT_WAIT_NANOS = 1_000_000_000L;

    /**
     * How a phase ended.
     *
     * @param loadedUntil clock reading up to which users could run: the planned end, the stop, or when the
     *                    last worker finished, whichever came first (the end of the measured window)
     * @param cutOff      attempts still in flight when the grace after the end or stop ran out
     * @param abandoned   of those, attempts that not even the abort freed, counted as unknown
     */
    record Result(long loadedUntil, int cutOff, int abandoned) {
    }

    private final NanoClock clock;
    private final RunControl control;
    private final AttemptRunner runner;
    private final MetricsCollector metrics;
    private final SplittableRandom seeds;
    private final ThreadMode threads;
    private final long graceNanos;
    private final IntConsumer onCutOff;
    private volatile OperationContext[] published = new OperationContext[0];
    private volatile long stoppedAt;
    private volatile boolean stopSeen;
    /** A user ended because its next start (ramp-up, think time, pace slot) fell after the phase's end. */
    private volatile boolean idleUntilEnd;

    PhaseDriver(NanoClock clock, RunControl control, AttemptRunner runner, MetricsCollector metrics, SplittableRandom seeds,
                ThreadMode threads, long graceNanos, IntConsumer onCutOff) {
        this.onCutOff = onCutOff;
        this.clock = clock;
        this.control = control;
        this.runner = runner;
        this.metrics = metrics;
        this.seeds = seeds;
        this.threads = threads;
        this.graceNanos = graceNanos;
    }

    private Thread.Builder builder(int concurrency) {
        return threads.virtualFor(concurrency) ? Thread.ofVirtual() : Thread.ofPlatform().daemon();
    }

    /**
     * Runs the phase from {@code start} and waits for its workers until the planned end (or until they
     * are done, or the run is stopped). Workers still running then get the grace to finish their
     * attempt; after it they are interrupted (frees sleeps and virtual-thread I/O), after another
     * second the run's abort actions run (closing the pool aborts connections a platform thread is
     * blocked on), and after one more grace attempts that still have not returned are counted as
     * unknown and left behind. So a phase never outlasts its end (or stop) by more than
     * {@code grace + 1 s + grace} plus a poll, whatever the target does. When the grace after the
     * planned end (not after a stop) runs out with attempts in flight, {@code onCutOff} hears how many,
     * before the interrupt.
     */
    Result run(PhasePlan phase, long start) throws InterruptedException {
        long end = phase.duration() == null ? Long.MAX_VALUE : start + phase.duration().toNanos();
        control.onStop(() -> stoppedAt = clock.nanoTime());
        Pacer pacer = new Pacer(clock, control, end);
        if (runner.allAsync()) return runAsync(phase, start, end, pacer);
        List<Thread> workers = new ArrayList<>();
        ArrivalSchedule schedule = null;
        long[] heldArrival = null;
        switch (phase.model()) {
            case LoadModel.Closed closed -> {
                OperationContext[] contexts = contexts(closed.users());
                Thread.Builder builder = builder(closed.users());
                for (int u = 0; u < closed.users(); u++) {
                    OperationContext ctx = contexts[u];
                    UserSchedule users = UserSchedule.of(closed, start, u);
                    workers.add(clock.start(builder.name("vu-" + u),
                            () -> closedUser(pacer, ctx, users, end, phase.iterations())));
                }
            }
            case LoadModel.Open open -> {
                ArrivalSchedule s = new ArrivalSchedule(start, open.ratePerSecond(), open.arrivals(),
                        seeds.nextLong(), phase.iterations(), open.rateStages(), open.arrivalPhase());
                schedule = s;
                long[] held = new long[open.maxInFlight()];
                Arrays.fill(held, Long.MAX_VALUE);
                heldArrival = held;
                OperationContext[] contexts = contexts(open.maxInFlight());
                Thread.Builder builder = builder(open.maxInFlight());
                for (int w = 0; w < open.maxInFlight(); w++) {
                    OperationContext ctx = contexts[w];
                    int slot = w;
                    workers.add(clock.start(builder.name("arrival-" + w), () -> openWorker(pacer, ctx, s, end, held, slot)));
                }
            }
        }
        BooleanSupplier alive = () -> anyAlive(workers);
        long loadedUntil = awaitEndOrStop(alive, end);
        int[] cut = endPhase(alive, loadedUntil, end, () -> {
            for (Thread w : workers) if (w.isAlive()) w.interrupt();
        });
        if (schedule != null) {
            long dueBefore = Math.min(end, loadedUntil);
            long dropped = schedule.closeAndCountDue(dueBefore);
            // arrivals a worker took but never started (it saw the stop first); workers still stuck hold none
            for (int w = 0; w < workers.size(); w++) {
                if (!workers.get(w).isAlive() && heldArrival[w] < dueBefore) dropped++;
            }
            metrics.addDropped(dropped);
        }
        return new Result(loadedUntil, cut[0], cut[1]);
    }

    /**
     * The phase of a workload whose operations are all {@link dev.stampede.core.api.AsyncOperation}: no thread per
     * user ({@link AsyncClosedUsers}, {@link AsyncOpenArrivals}); the end, grace, cut-off, abort and abandon are
     * the same as for threads, except that there is no thread to interrupt (the abort actions, closing the
     * target's connections, are what frees an attempt that never completes).
     */
    private Result runAsync(PhasePlan phase, long start, long end, Pacer pacer) throws InterruptedException {
        switch (phase.model()) {
            case LoadModel.Closed closed -> {
                AsyncClosedUsers users = new AsyncClosedUsers(clock, control, runner, metrics, end, phase.iterations(),
                        () -> idleUntilEnd = true);
                try {
                    users.start(contexts(closed.users()), closed, start);
                    long loadedUntil = awaitEndOrStop(users::alive, end);
                    int[] cut = endPhase(users::alive, loadedUntil, end, () -> { });
                    return new Result(loadedUntil, cut[0], cut[1]);
                } finally {
                    users.close();
                }
            }
            case LoadModel.Open open -> {
                ArrivalSchedule schedule = new ArrivalSchedule(start, open.ratePerSecond(), open.arrivals(),
                        seeds.nextLong(), phase.iterations(), open.rateStages(), open.arrivalPhase());
                AsyncOpenArrivals arrivals = new AsyncOpenArrivals(clock, control, runner, metrics, schedule, pacer, end,
                        contexts(open.maxInFlight()));
                try {
                    arrivals.start();
                    long loadedUntil = awaitEndOrStop(arrivals::alive, end);
                    int[] cut = endPhase(arrivals::alive, loadedUntil, end, () -> { });
                    long dueBefore = Math.min(end, loadedUntil);
                    long dropped = schedule.closeAndCountDue(dueBefore);
                    if (arrivals.arrivalsEnded() && arrivals.held() < dueBefore) dropped++;
                    metrics.addDropped(dropped);
                    return new Result(loadedUntil, cut[0], cut[1]);
                } finally {
                    arrivals.close();
                }
            }
        }
    }

    /**
     * After the loaded window: the grace, then the cut-off (marked, reported, {@code interrupt} run), the interrupt
     * wait, the abort actions and one more grace, then what is still in flight is abandoned.
     *
     * @return attempts cut off and, of those, abandoned
     */
    private int[] endPhase(BooleanSupplier alive, long loadedUntil, long end, Runnable interrupt) throws InterruptedException {
        int cutOff = 0, abandoned = 0;
        if (alive.getAsBoolean()) {
            long from = stopSeen ? loadedUntil : Math.max(end, loadedUntil);
            if (!joinUntil(alive, from + graceNanos)) {
                cutOff = inFlight(null);
                for (OperationContext ctx : published) if (ctx.inFlightSince() != 0) ctx.markCutOff();
                // decided now, before the abort's own connection failures could read as something else
                if (cutOff > 0 && !stopSeen && !control.isStopped()) onCutOff.accept(cutOff);
                interrupt.run();
                if (!joinUntil(alive, clock.nanoTime() + INTERRUPT_WAIT_NANOS)) {
                    clock.start(Thread.ofPlatform().daemon().name("stampede-abort"), control::abortInFlight);
                    if (!joinUntil(alive, clock.nanoTime() + graceNanos)) {
                        for (OperationContext ctx : published) if (runner.abandon(ctx, metrics)) abandoned++;
                    }
                }
            }
        }
        return new int[] {cutOff, abandoned};
    }

    private OperationContext[] contexts(int n) {
        OperationContext[] contexts = new OperationContext[n];
        for (int i = 0; i < n; i++) contexts[i] = new OperationContext(seeds.split(), clock, i);
        published = contexts;
        return contexts;
    }

    /**
     * Attempts in flight now, across this phase's workers; when {@code operations} is not null, the
     * indexes of their operations are set in it. Any thread; allocation-free.
     */
    int inFlight(BitSet operations) {
        int n = 0;
        for (OperationContext ctx : published) {
            if (ctx.inFlightSince() != 0) {
                n++;
                if (operations != null) operations.set(ctx.inFlightOperation());
            }
        }
        return n;
    }

    /**
     * Waits until every worker is done (and none of them ended only because its next start fell after
     * the phase's end), the phase's end passes or the run is stopped.
     *
     * @return the end of the loaded window: when the workers finished, the planned end or the stop
     */
    private long awaitEndOrStop(BooleanSupplier alive, long end) throws InterruptedException {
        while (true) {
            long now = clock.nanoTime();
            if (control.isStopped()) {
                stopSeen = true;
                long at = stoppedAt;
                return Math.min(end, at == 0 ? now : Math.min(at, now));
            }
            if (now >= end) return end;
            // a user whose next start fell after the end is still part of the load until then
            if ((end == Long.MAX_VALUE || !idleUntilEnd) && !alive.getAsBoolean()) return now;
            clock.sleepUntil(Math.min(end, now + POLL_NANOS));
        }
    }

    private static boolean anyAlive(List<Thread> workers) {
        for (Thread w : workers) if (w.isAlive()) return true;
        return false;
    }

    /** @return true when every worker ended before {@code deadline} (on the engine's clock) */
    private boolean joinUntil(BooleanSupplier alive, long deadline) throws InterruptedException {
        while (alive.getAsBoolean()) {
            long now = clock.nanoTime();
            if (now >= deadline) return false;
            clock.sleepUntil(Math.min(deadline, now + POLL_NANOS));
        }
        return true;
    }

    private void closedUser(Pacer pacer, OperationContext ctx, UserSchedule schedule, long end, long iterations) {
        if (!await(pacer, schedule.first())) return;
        for (long i = 0; iterations == 0 || i < iterations; i++) {
            if (i > 0) {
                long due = schedule.next(ctx, clock.nanoTime());
                // behind a pace slot: no wait, and the attempt is measured from its slot
                if ((due > clock.nanoTime() || due >= end) && !await(pacer, due)) return;
            }
            if (control.isStopped()) return;
            long actual = clock.nanoTime();
            if (actual >= end) return;
            runner.run(ctx, metrics, schedule.intendedFor(actual), actual);
        }
    }

    /** {@link Pacer#awaitUntil}, noting a user that ends because its deadline lies after the phase's end. */
    private boolean await(Pacer pacer, long deadline) {
        if (pacer.awaitUntil(deadline)) return true;
        if (!control.isStopped() && !Thread.currentThread().isInterrupted()) idleUntilEnd = true;
        return false;
    }

    private void openWorker(Pacer pacer, OperationContext ctx, ArrivalSchedule schedule, long end, long[] held, int slot) {
        while (true) {
            long intended = schedule.next();
            if (intended == Long.MAX_VALUE || intended >= end) return;
            if (!pacer.awaitUntil(intended)) {
                // false only when stopped: the driver counts the arrival in hand if it was already due
                held[slot] = intended;
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
}
