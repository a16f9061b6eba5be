package dev.stampede.postgres.health;

/**
 * A user table's pg_stat_user_tables counters over the test window, plus its state at the end.
 *
 * @param liveRows  n_live_tup at the end
 * @param deadRows  n_dead_tup at the end
 * @param sizeBytes total relation size at the end, -1 when another session held an ACCESS EXCLUSIVE lock on
 *                  it (not waited for); {@code growthBytes} its change over the window, 0 when either size is unknown
 */
public record TableDelta(String schema, String table, long seqScans, long seqRowsRead, long indexScans, long inserted,
                         long updated, long deleted, long liveRows, long deadRows, long sizeBytes, long growthBytes) {

    public String qualified() {
        return schema + "." + table;
    }
}
