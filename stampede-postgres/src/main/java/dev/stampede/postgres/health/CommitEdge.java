package dev.stampede.postgres.health;

import dev.stampede.postgres.PgTarget;

import java.sql.SQLException;
import java.util.List;

/**
 * One edge of the window over which the client's successes are compared with the server's commits:
 * pg_stat_database's xact_commit and xact_rollback read after the sessions that matter have published
 * their statistics, the number of transactions Stampede's monitoring connection had committed just
 * before the reading, and the WAL flush counters. Immutable.
 *
 * @param monitorTransactions the monitoring connection's committed transactions just before this
 *                            reading; the difference between two edges is monitoring's own share of
 *                            xact_commit
 * @param flushCommits        transactions the pool's statistics flush committed before this reading
 *                            (inside the window when this is its end edge), 0 when the pool was not flushed
 * @param exact               every session that worked in the window had published its statistics: the
 *                            pool was flushed or had no backends, and the server has pg_stat_force_next_flush (15+)
 * @param where               what the edge is, for the report ("measured phase start", ...)
 */
record CommitEdge(long xactCommit, long xactRollback, long monitorTransactions, int flushCommits, boolean exact,
                  WalFlush wal, String where) {

    /**
     * Flushes {@code pool} (null: no pool is open, or its backends have already exited and flushed on
     * exit), then the monitoring session, and reads.
     *
     * @param poolGone true when the pool has no backends left (closed and exited): nothing pending
     */
    static CommitEdge read(MonitorConnection conn, dev.stampede.postgres.StatisticsFlush pool, boolean poolGone, String where) throws SQLException {
        int flushed = 0;
        boolean exact = poolGone;
        if (pool != null) {
            flushed = pool.flushStatistics();
            exact = flushed >= 0;
            flushed = Math.max(0, flushed);
        }
        exact &= conn.flushStatistics();
        long before = conn.committedTransactions();
        List<long[]> rows = conn.query("SELECT xact_commit, xact_rollback FROM pg_stat_database WHERE datname = current_database()",
                rs -> new long[]{rs.getLong(1), rs.getLong(2)});
        WalFlush wal;
        try {
            wal = WalFlush.read(conn);
        } catch (SQLException e) {
            wal = new WalFlush(0, 0, "reading WAL statistics failed: " + SideErrors.describe(e));
        }
        long[] x = rows.isEmpty() ? new long[]{0, 0} : rows.get(0);
        return new CommitEdge(x[0], x[1], before, flushed, exact, wal, where);
    }
}
