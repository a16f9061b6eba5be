package dev.stampede.core.engine;

import dev.stampede.core.api.AsyncOperation;
import dev.stampede.core.api.ErrorClass;
import dev.stampede.core.api.Operation;
import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.api.Workload;
import dev.stampede.core.metrics.MetricsCollector;
import dev.stampede.core.util.Secrets;

import java.util.List;

/**
 * Runs one attempt and records it exactly once. Shared by the closed and open drivers so that both
 * time and classify attempts the same way. Thread-safe (stateless beyond its final fields).
 *
 * <p>Timing: {@code intendedStart} is when the attempt was meant to start. For the open model that is
 * the arrival's scheduled time and for a paced closed model the user's slot, both fixed before the
 * attempt could be delayed by a slow target, so queueing behind a stall is part of the measured
 * latency. For an unpaced closed model it is the actual start: closed-model latency excludes
 * client-side queueing (use the open model, {@code --qps-target}, or pace to see it).
 *
 * <p>An exception escaping {@link Operation#call} is the workload's own failure, not the target's: it
 * is a failed attempt of class {@link ErrorClass#CLIENT_ERROR} and the user goes on.
 */
final class AttemptRunner {
    static final ErrorClass ABANDONED = ErrorClass.ABANDONED;
    static final ErrorClass CUT_OFF = ErrorClass.CUT_OFF;

    private final NanoClock clock;
    private final Workload workload;
    private final List<Operation> operations;

    AttemptRunner(NanoClock clock, Workload workload) {
        this.clock = clock;
        this.workload = workload;
        this.operations = workload.operations();
    }

    /**
     * Counts an attempt that never returned (a hung target that even an abort did not free) as
     * unknown, once; if it returns later its outcome is dropped.
     *
     * @return true when an attempt was in flight and is now counted
     */
    boolean abandon(OperationContext ctx, MetricsCollector metrics) {
        synchronized (ctx) {
            long since = ctx.inFlightSince();
            if (since == 0) return false;
            metrics.op(ctx.inFlightOperation()).record(Outcome.unknown(ABANDONED,
                    "still running when the run ended (hung target); its outcome is unknown"), since, since, 0L, clock.nanoTime(), 0);
            ctx.inFlightSince(0);
            return true;
        }
    }

    /** Same status, the cut-off's class; the original message is kept as the sample's tail. */
    private static Outcome cutOff(Outcome o) {
        String msg = "cut off after the phase's end or stop and its grace (" + o.error().code() + ": " + o.message() + ")";
        return o.status() == Outcome.Status.UNKNOWN ? Outcome.unknown(CUT_OFF, msg) : Outcome.failed(CUT_OFF, msg);
    }

    /** Blocking attempt: picks, runs {@link Operation#call} on this thread and records it. */
    void run(OperationContext ctx, MetricsCollector metrics, long intendedStart, long actualStart) {
        int index = begin(ctx, actualStart);
        Outcome outcome;
        try {
            outcome = operations.get(index).call(ctx);
            if (outcome == null) outcome = Outcome.failed(ErrorClass.CLIENT_ERROR, "operation returned no outcome");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = Outcome.unknown(ErrorClass.INTERRUPTED, "interrupted while running; the outcome is unknown");
        } catch (RuntimeException e) {
            outcome = clientError(e);
        }
        end(ctx, metrics, index, outcome, intendedStart, actualStart);
    }

    /** True when every operation of the workload is an {@link AsyncOperation}: the phase can run without a thread per user. */
    boolean allAsync() {
        for (Operation op : operations) if (!(op instanceof AsyncOperation)) return false;
        return !operations.isEmpty();
    }

    /** The operation at {@code index}, which {@link #allAsync} said is asynchronous. */
    AsyncOperation async(int index) { return (AsyncOperation) operations.get(index); }

    /**
     * First half of an attempt: picks its operation and marks it in flight from {@code actualStart}.
     *
     * @return the picked operation's index
     */
    int begin(OperationContext ctx, long actualStart) {
        int index = workload.pick(ctx.random());
        ctx.beginAttempt();
        ctx.inFlightOperation(index);
        ctx.inFlightSince(actualStart);
        return index;
    }

    /**
     * Second half: records the attempt that {@link #begin} started, ending now, unless the engine already counted
     * it (abandoned): exactly once whichever thread calls it. A null outcome is the workload's failure.
     *
     * @return true when this call recorded the attempt
     */
    boolean end(OperationContext ctx, MetricsCollector metrics, int index, Outcome outcome, long intendedStart, long actualStart) {
        if (outcome == null) outcome = Outcome.failed(ErrorClass.CLIENT_ERROR, "operation completed with no outcome");
        long end = clock.nanoTime();
        if (!outcome.isOk() && ctx.cutOff()) outcome = cutOff(outcome);
        synchronized (ctx) {
            // an attempt the engine already counted as abandoned is not counted again
            if (ctx.inFlightSince() == 0) return false;
            metrics.op(ctx.recordedAs(index)).record(outcome, intendedStart, actualStart, ctx.acquiredAtNanos(), ctx.acquireFailed(),
                    end, ctx.retries());
            ctx.inFlightSince(0);
            return true;
        }
    }

    static Outcome clientError(RuntimeException e) {
        return Outcome.failed(ErrorClass.CLIENT_ERROR, e.getClass().getSimpleName() + ": " + Secrets.redact(e.getMessage()));
    }
}
