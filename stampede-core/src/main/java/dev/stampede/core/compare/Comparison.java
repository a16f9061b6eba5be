package dev.stampede.core.compare;

import java.util.List;

/**
 * A whole comparison, as {@code comparison.json} and every report show it. Immutable.
 *
 * @param baseline     where the baseline came from (a saved baseline's name and file, or a report)
 * @param current      where the current values came from
 * @param verdict      {@link Change#REGRESSION} when any row is one; else {@link Change#IMPROVEMENT} when any row is
 *                     one; else {@link Change#NO_CHANGE}
 * @param warnings     environment differences (versions, cores, memory, configuration) that can explain a change
 * @param notes        scenarios or operations on one side only, and how significance was decided
 */
public record Comparison(String baseline, String current, int baselineRuns, int currentRuns, double alpha,
                         Change verdict, List<ComparisonRow> rows, List<String> warnings, List<String> notes) {

    public Comparison {
        rows = List.copyOf(rows);
        warnings = List.copyOf(warnings);
        notes = List.copyOf(notes);
    }

    /** The rows that are regressions. */
    public List<ComparisonRow> regressions() {
        return rows.stream().filter(r -> r.verdict() == Change.REGRESSION).toList();
    }
}
