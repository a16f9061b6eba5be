package dev.stampede.core.engine;

import java.util.List;

/**
 * Told at the edges of each phase, on the engine's thread, right before the phase's first attempt and right
 * after its last one ended. Targets use it to take server-side snapshots of exactly the measured window, so
 * that their statistics compare with the client's over the same attempts. Must return quickly; a failure is
 * the listener's own (it must not throw). A phase cut off because the target stopped answering
 * ({@link StopReason#TARGET_HUNG}) gets no {@link #phaseEnded}: a snapshot would only wait on the frozen server.
 */
public interface PhaseListener {

    /**
     * Told once, before the first phase, with the scenario's start on the engine's clock: the zero of the time series'
     * seconds ({@link dev.stampede.core.metrics.IntervalRow#second()}), so a listener can place its own events on it.
     */
    default void scenarioStarted(long startNanos) { }

    void phaseStarted(PhasePlan phase);

    void phaseEnded(PhasePlan phase);

    PhaseListener NONE = new PhaseListener() {
        @Override public void phaseStarted(PhasePlan phase) { }
        @Override public void phaseEnded(PhasePlan phase) { }
    };

    /** One listener that tells each of {@code listeners} in order. */
    static PhaseListener all(List<PhaseListener> listeners) {
        List<PhaseListener> copy = List.copyOf(listeners);
        return new PhaseListener() {
            @Override public void scenarioStarted(long startNanos) { copy.forEach(l -> l.scenarioStarted(startNanos)); }
            @Override public void phaseStarted(PhasePlan phase) { copy.forEach(l -> l.phaseStarted(phase)); }
            @Override public void phaseEnded(PhasePlan phase) { copy.forEach(l -> l.phaseEnded(phase)); }
        };
    }
}
