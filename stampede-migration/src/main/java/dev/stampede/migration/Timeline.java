package dev.stampede.migration;

import java.util.ArrayList;
import java.util.List;

/**
 * The migration's timeline as it happened: each phase's window and how it ended, and the marks a command printed.
 * Seconds since the scenario started (the axis of the report's time series). Thread-safe (the driver writes, the scope
 * reads after the driver ended).
 */
final class Timeline {

    /**
     * One phase.
     *
     * @param status  completed, failed (with the reason), not run
     * @param slot    the operation its attempts were recorded under
     */
    record Phase(String name, String kind, String mode, Double startS, Double endS, String status, String slot) {
    }

    /** A {@code STAMPEDE-PHASE:} line. @param declared whether it is one of the phase's {@code marks} (figures of its own) */
    record Mark(String phase, String name, double atS, boolean declared) {
    }

    private final List<Phase> phases = new ArrayList<>();
    private final List<Mark> marks = new ArrayList<>();

    synchronized void phase(Phase p) { phases.add(p); }

    synchronized void mark(Mark m) { marks.add(m); }

    synchronized List<Phase> phases() { return List.copyOf(phases); }

    synchronized List<Mark> marks() { return List.copyOf(marks); }
}
