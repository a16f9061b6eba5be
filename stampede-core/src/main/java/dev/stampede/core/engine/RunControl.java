package dev.stampede.core.engine;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

/**
 * Shared stop switch for a run. Thread-safe. The first reason wins: a run that lost its target and is
 * then interrupted still reports the target loss.
 */
public final class RunControl {
    private volatile StopReason stopReason;
    private final List<Runnable> onStop = new CopyOnWriteArrayList<>();
    private final List<Runnable> onAbort = new CopyOnWriteArrayList<>();

    /** Asks every driver to stop; idempotent. */
    public void stop(StopReason reason) {
        boolean first;
        synchronized (this) {
            first = stopReason == null;
            if (first) stopReason = reason;
        }
        if (first) onStop.forEach(Runnable::run);
    }

    public boolean isStopped() { return stopReason != null; }

    /** The reason given to the first {@link #stop}, or null while running. */
    public StopReason stopReason() { return stopReason; }

    /** Registers an action run once, on the thread that calls the first {@link #stop}. */
    public void onStop(Runnable action) { onStop.add(action); }

    /**
     * Registers a last resort for attempts still blocked after a stop and its grace period (a hung
     * server): typically closing the connection pool, which aborts the connections in use.
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
