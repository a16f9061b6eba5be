package dev.stampede.core.engine;

import dev.stampede.core.api.OperationContext;
import dev.stampede.core.metrics.MetricsCollector;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The closed model without a thread per user, for a workload whose operations are all asynchronous: each user
 * issues its next attempt from its previous attempt's completion, on the completing thread (the target client's
 * I/O thread), and waits out its ramp-up start, think time and pace slots on a {@link DeadlineTimer}. The rules
 * are those of the thread-per-user loop in {@link PhaseDriver}: a user starts no attempt at or after the phase's
 * end or after a stop; a wait whose deadline falls at or after the end ends the user (noted as idle until the end,
 * not as done, unless stopped); a paced user that is behind starts at once and is measured from its slot; an
 * unpaced user is measured from its actual start. Waits follow {@link UserSchedule}, including the think time or
 * pace an operation asks for during its attempt ({@link OperationContext#thinkNext}, {@link OperationContext#paceNext}).
 *
 * <p>Fairness: a user whose attempts keep completing inside {@code start} loops on the same thread, and after
 * {@value #MAX_INLINE} such attempts in a row it yields through the timer, so that it cannot hold a thread that
 * other users' continuations need.
 *
 * <p>Thread-safety: each user's continuation runs on one thread at a time (its attempt's completing thread, or
 * the timer thread); {@link #alive}, {@link #close} from any thread.
 */
final class AsyncClosedUsers {
    static final int MAX_INLINE = 1000;
    private static final int AFTER_ATTEMPT = 0, BEFORE_ATTEMPT = 1;

    private final NanoClock clock;
    private final RunControl control;
    private final AttemptRunner runner;
    private final MetricsCollector metrics;
    private final DeadlineTimer timer;
    private final long end;
    private final long iterations;
    private final Runnable idleUntilEnd;
    private final AtomicInteger alive = new AtomicInteger();
    private volatile boolean closed;

    AsyncClosedUsers(NanoClock clock, RunControl control, AttemptRunner runner, MetricsCollector metrics, long end,
                     long iterations, Runnable idleUntilEnd) {
        this.clock = clock;
        this.control = control;
        this.runner = runner;
        this.metrics = metrics;
        this.end = end;
        this.iterations = iterations;
        this.idleUntilEnd = idleUntilEnd;
        this.timer = new DeadlineTimer(clock, "stampede-users-timer");
        control.onStop(timer::drainAll);
        if (control.isStopped()) timer.drainAll();
    }

    /** Starts every user at its ramp-up (or first stage) time, through the timer (never on the caller's thread). */
    void start(OperationContext[] contexts, LoadModel.Closed model, long phaseStart) {
        for (int u = 0; u < contexts.length; u++) {
            UserSchedule schedule = UserSchedule.of(model, phaseStart, u);
            long userStart = schedule.first();
            if (userStart >= end) {
                // as the thread loop: a user due after the end never runs, and the load lasts until the end
                idleUntilEnd.run();
                continue;
            }
            User user = new User(contexts[u], schedule);
            alive.incrementAndGet();
            timer.schedule(userStart, () -> user.run(BEFORE_ATTEMPT));
        }
    }

    /** True while a user may still start or complete an attempt. */
    boolean alive() { return alive.get() > 0; }

    /** After the phase: no user starts another attempt; late completions are ignored by the runner. */
    void close() {
        closed = true;
        timer.close();
    }

    private final class User implements AsyncAttempt.Continuation {
        private final OperationContext ctx;
        private final UserSchedule schedule;
        private long done;

        User(OperationContext ctx, UserSchedule schedule) {
            this.ctx = ctx;
            this.schedule = schedule;
        }

        @Override
        public void completed(AsyncAttempt attempt) { run(AFTER_ATTEMPT); }

        /** Runs this user from {@code step} until it waits (timer or a pending attempt) or ends. */
        void run(int step) {
            for (int inline = 0; ; inline++) {
                if (closed) {
                    finish();
                    return;
                }
                if (inline >= MAX_INLINE) {
                    int from = step;
                    timer.schedule(clock.nanoTime(), () -> run(from));
                    return;
                }
                if (step == AFTER_ATTEMPT) {
                    if (iterations != 0 && done >= iterations) {
                        finish();
                        return;
                    }
                    long due = schedule.next(ctx, clock.nanoTime());
                    // think time, or a pace slot still ahead (a slot behind: at once, measured from the slot)
                    if (due > clock.nanoTime() || due >= end) {
                        waitThen(due, BEFORE_ATTEMPT);
                        return;
                    }
                }
                if (control.isStopped()) {
                    finish();
                    return;
                }
                long actual = clock.nanoTime();
                if (actual >= end) {
                    finish();
                    return;
                }
                done++;
                int index = runner.begin(ctx, actual);
                AsyncAttempt attempt = new AsyncAttempt(runner, metrics, ctx, index, schedule.intendedFor(actual), actual, this);
                if (!attempt.start(runner.async(index))) return; // its completion continues this user
                step = AFTER_ATTEMPT;
            }
        }

        /** As {@link Pacer#awaitUntil}: false at once for a deadline at or after the end, or after a stop. */
        private void waitThen(long deadline, int step) {
            if (deadline >= end) {
                if (!control.isStopped()) idleUntilEnd.run();
                finish();
                return;
            }
            if (control.isStopped()) {
                finish();
                return;
            }
            timer.schedule(deadline, () -> run(step));
        }

        private void finish() { alive.decrementAndGet(); }
    }
}
