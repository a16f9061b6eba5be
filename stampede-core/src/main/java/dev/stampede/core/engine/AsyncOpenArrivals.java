package dev.stampede.core.engine;

import dev.stampede.core.api.OperationContext;
import dev.stampede.core.metrics.MetricsCollector;

/**
 * The open model without a thread per in-flight attempt, for a workload whose operations are all asynchronous: one
 * arrival thread takes each arrival's intended start from the {@link ArrivalSchedule}, waits for it, takes a free
 * in-flight slot (waiting for a completion when all {@code maxInFlight} are busy, a wait that counts in the
 * arrival's latency) and starts the attempt; the completion records it on the completing thread and frees the slot.
 * The rules are those of the thread-per-slot workers in {@link PhaseDriver}: an arrival that could not start before
 * the phase's end is dropped, and one taken but not started when the run stopped is left in {@link #held} for the
 * driver to count.
 *
 * <p>Thread-safety: the slot stack is guarded by this object's lock; the arrival thread is woken from its wait for
 * a slot by an interrupt given only while it waits (set and cleared under the lock), so an attempt never starts on
 * an interrupted thread.
 */
final class AsyncOpenArrivals implements AsyncAttempt.Continuation {
    /** Longest wait for a slot between looks at the stop switch and the phase's end. */
    private static final long SLICE_NANOS = 50_000_000L;

    private final NanoClock clock;
    private final RunControl control;
    private final AttemptRunner runner;
    private final MetricsCollector metrics;
    private final ArrivalSchedule schedule;
    private final Pacer pacer;
    private final long end;
    private final OperationContext[] contexts;
    private final int[] free;
    private int freeCount;
    private boolean waiting;
    private boolean closed;
    private Thread thread;
    /** An arrival taken from the schedule and never started (the run stopped first); {@link Long#MAX_VALUE} for none. */
    private volatile long held = Long.MAX_VALUE;

    AsyncOpenArrivals(NanoClock clock, RunControl control, AttemptRunner runner, MetricsCollector metrics,
                      ArrivalSchedule schedule, Pacer pacer, long end, OperationContext[] contexts) {
        this.clock = clock;
        this.control = control;
        this.runner = runner;
        this.metrics = metrics;
        this.schedule = schedule;
        this.pacer = pacer;
        this.end = end;
        this.contexts = contexts;
        this.free = new int[contexts.length];
        for (int i = 0; i < free.length; i++) free[i] = free.length - 1 - i; // slot 0 on top
        this.freeCount = free.length;
    }

    void start() {
        synchronized (this) {
            thread = clock.start(Thread.ofPlatform().daemon().name("stampede-arrivals"), this::arrive);
        }
    }

    /** True while the arrival thread runs or an attempt is in flight. */
    synchronized boolean alive() {
        return thread.isAlive() || freeCount < free.length;
    }

    /** True once the arrival thread has ended. */
    boolean arrivalsEnded() { return !thread.isAlive(); }

    /** The arrival the thread held when it ended, or {@link Long#MAX_VALUE}. */
    long held() { return held; }

    /** After the phase: the arrival thread stops taking slots. */
    synchronized void close() {
        closed = true;
        if (waiting) wake();
    }

    private void arrive() {
        while (true) {
            long intended = schedule.next();
            if (intended == Long.MAX_VALUE || intended >= end) return;
            if (!pacer.awaitUntil(intended)) {
                held = intended; // stopped: the driver counts it when it was already due
                return;
            }
            int slot = takeSlot();
            if (slot < 0) {
                held = intended;
                return;
            }
            long actual = clock.nanoTime();
            if (actual >= end) {
                // due inside the phase, but every slot was busy until it ended
                release(slot);
                metrics.addDropped(1);
                continue;
            }
            metrics.recordStartLag(actual - intended);
            OperationContext ctx = contexts[slot];
            int index = runner.begin(ctx, actual);
            AsyncAttempt attempt = new AsyncAttempt(runner, metrics, ctx, index, intended, actual, this);
            if (attempt.start(runner.async(index))) release(slot);
        }
    }

    @Override
    public void completed(AsyncAttempt attempt) { release(attempt.context().user()); }

    /** A free slot, waiting for one; -1 when the run stopped, the phase ended or the driver closed it first. */
    private int takeSlot() {
        while (true) {
            long now;
            synchronized (this) {
                waiting = false;
                Thread.interrupted(); // a wake that came after the wait had already ended
                // as a worker thread's: an arrival in hand when the run stops is not started, even if a slot is free
                if (closed || control.isStopped()) return -1;
                if (freeCount > 0) return free[--freeCount];
                now = clock.nanoTime();
                if (now >= end) return -1; // due inside the phase, not started before its end: the driver drops it
                waiting = true;
            }
            try {
                clock.sleepUntil(Math.min(end, now + SLICE_NANOS));
            } catch (InterruptedException e) {
                // a slot was freed, or the driver closed the phase: look again
            }
        }
    }

    private void release(int slot) {
        synchronized (this) {
            free[freeCount++] = slot;
            if (waiting) wake();
        }
    }

    private void wake() {
        waiting = false; // one interrupt per wait
        thread.interrupt();
    }
}
