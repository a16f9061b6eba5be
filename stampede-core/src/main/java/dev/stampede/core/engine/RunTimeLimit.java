package dev.stampede.core.engine;

import java.time.Duration;
import java.util.List;

/**
 * The whole-run safety limit: stops the run as {@link StopReason#TIMEOUT} when it runs past a deadline, so a
 * run can never go on for long beyond its plan whatever the target does. On by default: with no explicit
 * limit it is twice the planned load time plus two minutes (data preparation and reports fit in that), and
 * an hour for each scenario that ends by iteration count rather than by time.
 *
 * <p>Thread-safety: {@link #start} starts one daemon platform thread that only sleeps and, at the deadline,
 * calls {@link RunControl#stop}; {@link #close} ends it.
 */
public final class RunTimeLimit implements AutoCloseable {
    /** Slack added to twice the planned time. */
    static final Duration SLACK = Duration.ofMinutes(2);
    /** Allowance for a scenario without a planned duration. */
    static final Duration UNTIMED_SCENARIO = Duration.ofHours(1);

    private final Duration limit;
    private final Thread thread;

    private RunTimeLimit(Duration limit, Thread thread) {
        this.limit = limit;
        this.thread = thread;
    }

    /** The automatic limit for these plans. */
    public static Duration automatic(List<ScenarioPlan> plans) {
        Duration planned = Duration.ZERO;
        Duration untimed = Duration.ZERO;
        for (ScenarioPlan p : plans) {
            Duration d = p.plannedDuration();
            if (d == null) untimed = untimed.plus(UNTIMED_SCENARIO);
            else planned = planned.plus(d);
        }
        return planned.multipliedBy(2).plus(SLACK).plus(untimed);
    }

    /** Starts the watch: {@code control} is stopped with TIMEOUT once {@code limit} has passed on {@code clock}. */
    public static RunTimeLimit start(NanoClock clock, Duration limit, RunControl control) {
        long deadline = clock.nanoTime() + limit.toNanos();
        Thread t = clock.start(Thread.ofPlatform().daemon().name("stampede-run-limit"), () -> {
            try {
                clock.sleepUntil(deadline);
                control.stop(StopReason.TIMEOUT);
            } catch (InterruptedException e) {
                // closed before the deadline: the run ended in time
            }
        });
        return new RunTimeLimit(limit, t);
    }

    public Duration limit() { return limit; }

    @Override
    public void close() {
        thread.interrupt();
    }
}
