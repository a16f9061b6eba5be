package dev.stampede.core.engine;

import dev.stampede.core.api.AsyncOperation;
import dev.stampede.core.api.Completion;
import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.metrics.MetricsCollector;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One attempt of an {@link AsyncOperation}, and the {@link Completion} handed to it. Records the attempt on the
 * thread that completes it (through {@link AttemptRunner#end}, so exactly once even against the engine's abandon),
 * ignores every completion after the first, and then tells its {@link Continuation} unless the attempt completed
 * inside {@code start}: then {@link #start} returns true and its caller goes on itself, so a user whose attempts
 * complete at once loops instead of recursing.
 *
 * <p>Thread-safety: {@link #complete} from any thread, any number of times; {@link #start} once, by the starter.
 * The context is handed over through the state field: written before {@code start}, read after the completion.
 */
final class AsyncAttempt implements Completion {

    /** What runs after a completion that came on another thread, after {@code start} had returned. */
    interface Continuation {
        void completed(AsyncAttempt attempt);
    }

    private static final int STARTING = 0, PENDING = 1, DONE = 2;
    private static final VarHandle STATE, COMPLETED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(AsyncAttempt.class, "state", int.class);
            COMPLETED = l.findVarHandle(AsyncAttempt.class, "completed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final AttemptRunner runner;
    private final MetricsCollector metrics;
    private final OperationContext ctx;
    private final int index;
    private final long intendedStart;
    private final long actualStart;
    private final Continuation then;
    @SuppressWarnings("unused") private volatile int state;
    @SuppressWarnings("unused") private volatile boolean completed;

    AsyncAttempt(AttemptRunner runner, MetricsCollector metrics, OperationContext ctx, int index, long intendedStart,
                 long actualStart, Continuation then) {
        this.runner = runner;
        this.metrics = metrics;
        this.ctx = ctx;
        this.index = index;
        this.intendedStart = intendedStart;
        this.actualStart = actualStart;
        this.then = then;
    }

    OperationContext context() { return ctx; }

    /**
     * Starts the attempt. An exception from {@code start} fails it as the workload's own error (client-error).
     *
     * @return true when it already completed (inside {@code start}, or on another thread before {@code start}
     * returned): the caller continues; false when the completion will call the continuation
     */
    boolean start(AsyncOperation op) {
        try {
            op.start(ctx, this);
        } catch (RuntimeException e) {
            complete(AttemptRunner.clientError(e));
        }
        return !STATE.compareAndSet(this, STARTING, PENDING);
    }

    @Override
    public void complete(Outcome outcome) {
        if (!COMPLETED.compareAndSet(this, false, true)) return; // a second call, or a reply after the first
        runner.end(ctx, metrics, index, outcome, intendedStart, actualStart);
        // recorded before the state changes: a starter that sees DONE finds the context free
        if ((int) STATE.getAndSet(this, DONE) == PENDING) then.completed(this);
    }
}
