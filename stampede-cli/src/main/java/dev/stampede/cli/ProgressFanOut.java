package dev.stampede.cli;

import dev.stampede.core.engine.ProgressListener;

import java.util.List;

/**
 * Hands every progress tick and scenario end to several listeners in order (the console's progress line and the
 * dashboard). Called on the engine's sampler thread like any {@link ProgressListener}; its listeners must return
 * quickly. Immutable.
 */
final class ProgressFanOut implements ProgressListener {
    private final List<ProgressListener> listeners;

    private ProgressFanOut(List<ProgressListener> listeners) {
        this.listeners = listeners;
    }

    /** All of {@code listeners}, in order; the one listener itself when there is only one. */
    static ProgressListener of(ProgressListener... listeners) {
        return listeners.length == 1 ? listeners[0] : new ProgressFanOut(List.of(listeners));
    }

    @Override
    public void onTick(Snapshot snapshot) {
        for (ProgressListener l : listeners) l.onTick(snapshot);
    }

    @Override
    public void onInterval(String scenario, boolean recorded, dev.stampede.core.metrics.MetricsCollector collector) {
        for (ProgressListener l : listeners) l.onInterval(scenario, recorded, collector);
    }

    @Override
    public void onScenarioEnd(String scenario) {
        for (ProgressListener l : listeners) l.onScenarioEnd(scenario);
    }
}
