package dev.stampede.postgres.pgbench;

import dev.stampede.core.api.Operation;
import dev.stampede.core.api.Workload;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the scripts' cumulative counters to the measured phases (warm-up excluded, like the engine's figures):
 * a snapshot when a recorded phase starts, the difference when it ends, windows added up. Called on the session
 * thread at phase edges and at the end.
 */
public final class PgbenchWindow {
    private final PgbenchTables tables;
    private final double connectMs;
    private final List<ScriptStats> stats = new ArrayList<>();
    private final List<ScriptStats.Snapshot> started = new ArrayList<>();
    private final List<ScriptStats.Snapshot> measured = new ArrayList<>();

    /** Null when {@code workload} has no script operations. */
    public static PgbenchWindow of(Workload workload, PgbenchTables tables, double connectMs) {
        if (workload == null || tables == null) return null;
        PgbenchWindow w = new PgbenchWindow(tables, connectMs);
        for (Operation op : workload.operations()) if (op instanceof ScriptOperation s) w.stats.add(s.stats());
        return w.stats.isEmpty() ? null : w;
    }

    private PgbenchWindow(PgbenchTables tables, double connectMs) {
        this.tables = tables;
        this.connectMs = connectMs;
    }

    public void phaseStarted() {
        started.clear();
        for (ScriptStats s : stats) started.add(s.snapshot());
    }

    public void phaseEnded() {
        if (started.isEmpty()) return;
        for (int i = 0; i < stats.size(); i++) {
            ScriptStats.Snapshot w = stats.get(i).snapshot().minus(started.get(i));
            if (measured.size() <= i) measured.add(w);
            else measured.set(i, measured.get(i).plus(w));
        }
        started.clear();
    }

    /** The report over the measured phases; null when no measured phase ended. */
    public PgbenchReport report() {
        if (measured.size() != stats.size()) return null;
        return PgbenchReport.of(tables, connectMs, stats, measured);
    }
}
