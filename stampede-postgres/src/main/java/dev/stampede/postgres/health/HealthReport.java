package dev.stampede.postgres.health;

import java.util.List;
import java.util.Map;

/**
 * What the database said during one scenario, as deltas over the test window. Immutable; serialised
 * into every report as the scenario's {@code postgres_health} section.
 *
 * @param window          pg_stat_database deltas and the cache hit ratio from the scenario's start
 *                        (before the pool opened) until its backends exited
 * @param statementWindow the window of the pg_stat_statements deltas and the cross-check: the measured
 *                        phases when their edges were marked, otherwise the whole scenario including warm-up
 * @param topByTotalTime  pg_stat_statements, Stampede's monitoring excluded, the 10 with most total time
 * @param topByMeanTime   the 10 with the highest mean time
 * @param tables          tables with activity in the scenario, most rows read by sequential scans first
 * @param unusedIndexes   non-unique indexes never scanned in the scenario on tables that were read
 * @param commitCheck     the client's successes against xact_commit over the same window, null when
 *                        the readings failed
 * @param walFlushMs      mean WAL flush (fsync) time in the statement window, null when not measured
 * @param problems        what could not be read and why (a locked table, a server that stopped
 *                        answering), besides the capabilities' missing pieces
 */
public record HealthReport(Capabilities capabilities, Map<String, Double> window, String statementWindow,
                           List<StatementDelta> topByTotalTime, List<StatementDelta> topByMeanTime,
                           List<TableDelta> tables, List<IndexDelta> unusedIndexes,
                           List<HealthEvidence.IdleInTransaction> idleInTransaction,
                           List<HealthEvidence.LockWait> lockWaits, List<PlanSummary> slowQueryPlans,
                           List<CrossCheck> crossCheck, CommitCheck commitCheck, Double walFlushMs, List<String> problems,
                           @com.fasterxml.jackson.annotation.JsonIgnore List<StatementDelta> allStatements,
                           @com.fasterxml.jackson.annotation.JsonIgnore List<IndexDelta> allIndexes) {

    /** Extras key under which scenario reports carry this section. */
    public static final String KEY = "postgres_health";
}
