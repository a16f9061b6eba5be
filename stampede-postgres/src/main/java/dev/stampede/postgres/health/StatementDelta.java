package dev.stampede.postgres.health;

/**
 * One normalized statement's pg_stat_statements counters over the test window (end minus start).
 *
 * @param totalMs   execution time spent in the window, ms
 * @param meanMs    totalMs / calls
 * @param hitBlocks shared buffer hits; {@code readBlocks} shared blocks read from outside the buffer cache
 */
public record StatementDelta(long queryId, String query, long calls, double totalMs, double meanMs, long rows,
                             long hitBlocks, long readBlocks, long tempBlocksWritten) {
}
