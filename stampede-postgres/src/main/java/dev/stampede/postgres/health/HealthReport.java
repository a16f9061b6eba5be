package dev.stampede.postgres.health;

import java.util.List;
import java.util.Map;

/**
 * What the database said during one scenario, as deltas over the test window. Immutable; serialised
 * into every report as the scenario's {@code postgres_health} section.
 *
 * @param window          pg_stat_database deltas and the cache hit ratio over the whole window
 * @param topByTotalTime  pg_stat_statements, Stampede's monitoring excluded, the 10 with most total time
 * @param topByMeanTime   the 10 with the highest mean time
 * @param tables          tables with activity in the window, most rows read by sequential scans first
 * @param unusedIndexes   non-unique indexes never scanned in the window on tables that were read
 */
public record HealthReport(Capabilities capabilities, Map<String, Double> window,
                           List<StatementDelta> topByTotalTime, List<StatementDelta> topByMeanTime,
                           List<TableDelta> tables, List<IndexDelta> unusedIndexes,
                           List<HealthEvidence.IdleInTransaction> idleInTransaction,
                           List<HealthEvidence.LockWait> lockWaits, List<PlanSummary> slowQueryPlans,
                           List<CrossCheck> crossCheck,
                           @com.fasterxml.jackson.annotation.JsonIgnore List<StatementDelta> allStatements,
                           @com.fasterxml.jackson.annotation.JsonIgnore List<IndexDelta> allIndexes) {

    /** Extras key under which scenario reports carry this section. */
    public static final String KEY = "postgres_health";
}
