package dev.stampede.postgres.health;

import java.util.List;

/**
 * A readable summary of one {@code EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)}, captured after the timed
 * load so it never skews the numbers.
 *
 * @param costliestNode      the plan node with the most exclusive time, with its relation
 * @param findings           sequential scans on large tables, row misestimates, disk reads; one line each
 * @param seqScanFilterColumns columns in the filters of sequential scans, by table ("schema.table" or "table")
 */
public record PlanSummary(String operation, String sql, double planningMs, double executionMs, String costliestNode,
                          double costliestNodeMs, List<String> findings,
                          java.util.Map<String, List<String>> seqScanFilterColumns, String error) {
}
