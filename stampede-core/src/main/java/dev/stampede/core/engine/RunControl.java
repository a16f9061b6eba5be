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
}
