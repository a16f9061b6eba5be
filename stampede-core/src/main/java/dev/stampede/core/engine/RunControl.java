package dev.stampede.core.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Shared stop switch for a run. Thread-safe. The first reason wins: a run that lost its target and is
 * then interrupted still reports the target loss. A stop may carry a detail (which operation, which
 * exception, how many attempts were cut off) that reports show beside the reason's description.
 */
public final class RunControl {
    private volatile StopReason stopReason;
    private volatile String stopDetail;
    private final List<Runnable> onStop = new CopyOnWriteArrayList<>();
    private final List<Runnable> onAbort = new CopyOnWriteArrayList<>();
    private static final java.util.function.BooleanSupplier NEVER = () -> false;
    private volatile java.util.function.BooleanSupplier targetLossExcused = NEVER;

    /** Asks every driver to stop; idempotent. */
    public void stop(StopReason reason) {
        stop(reason, null);
    }

    /**
     * Asks every driver to stop, with a detail for reports (already free of secrets; may be null).
     * Only the first call counts, detail included.
     */
    public void stop(StopReason reason, String detail) {
        if (reason == StopReason.TARGET_LOST && targetLossExcused.getAsBoolean()) return;
        boolean first;
        synchronized (this) {
            first = stopReason == null;
            if (first) {
                stopDetail = detail;
                stopReason = reason;
            }
        }
        if (first) onStop.forEach(Runnable::run);
    }

    /**
     * While {@code excused} says true, a {@link StopReason#TARGET_LOST} stop is ignored: a scenario's own fault window
     * (a blackhole, a restart) is an outage on purpose, and must not end the run. Null clears it. The engine's
     * sampler asks again every interval, so a target still lost once the excuse ends stops the run then.
     */
    public void excuseTargetLoss(java.util.function.BooleanSupplier excused) {
        targetLossExcused = excused == null ? NEVER : excused;
    }

    public boolean isStopped() { return stopReason != null; }

    /** The reason given to the first {@link #stop}, or null while running. */
    public StopReason stopReason() { return stopReason; }

    /** The detail given with the first stop, or null. */
    public String stopDetail() { return stopDetail; }

    /** Registers an action run once, on the thread that calls the first {@link #stop}. */
    public void onStop(Runnable action) { onStop.add(action); }

    /**
     * Registers a last resort for attempts still blocked after a stop or a phase's end and the grace
     * period (a hung server): typically closing the connection pool, which aborts the connections in use.
     */
    public void onAbort(Runnable action) { onAbort.add(action); }

    /** Runs every abort action; each failure is contained. */
    public void abortInFlight() {
        for (Runnable r : onAbort) {
            try {
                r.run();
            } catch (RuntimeException ignored) {
                // best effort: the next action may still free the blocked workers
            }
        }
    }
}
