package dev.stampede.postgres.health;

import java.sql.SQLException;
import java.util.List;

/**
 * The server's WAL flushes (fsyncs) and the time they took, to show how much of a committing write's
 * latency is the commit itself: pg_stat_statements times a statement's execution only, while a
 * commit with {@code synchronous_commit = on} then waits for its WAL to reach disk.
 *
 * <p>Where PostgreSQL keeps it: 14 to 17 in pg_stat_wal ({@code wal_sync}, {@code wal_sync_time}); 18
 * moved the timings to pg_stat_io ({@code object = 'wal'}, {@code fsyncs}, {@code fsync_time}, here
 * summed over client backends, the ones that flush for their own commits). Times are measured only
 * with {@code track_wal_io_timing = on}; without it, or before 14, the reading is {@link #UNAVAILABLE}
 * with the reason. Immutable; read on the monitoring connection.
 *
 * @param syncs   WAL fsyncs so far (cumulative)
 * @param syncMs  milliseconds spent in them (cumulative)
 * @param missing why nothing could be read, or null
 */
record WalFlush(long syncs, double syncMs, String missing) {

    static final WalFlush UNAVAILABLE = new WalFlush(0, 0, "not read");

    boolean available() {
        return missing == null;
    }

    static WalFlush read(MonitorConnection conn) throws SQLException {
        int v = conn.capabilities().serverVersionNum();
        if (v < 140000) {
            return new WalFlush(0, 0, "WAL flush timing needs PostgreSQL 14 or newer (pg_stat_wal)");
        }
        boolean timed = conn.query("SELECT current_setting('track_wal_io_timing')::bool", rs -> rs.getBoolean(1)).get(0);
        if (!timed) {
            return new WalFlush(0, 0, "track_wal_io_timing is off, so commit (WAL flush) time is not measured; enable it: "
                    + "ALTER SYSTEM SET track_wal_io_timing = on; SELECT pg_reload_conf();");
        }
        String sql = v >= 180000
                ? "SELECT coalesce(sum(fsyncs), 0)::bigint, coalesce(sum(fsync_time), 0)::float8 FROM pg_stat_io "
                + "WHERE object = 'wal' AND backend_type = 'client backend'"
                : "SELECT wal_sync, wal_sync_time FROM pg_stat_wal";
        List<WalFlush> rows = conn.query(sql, rs -> new WalFlush(rs.getLong(1), rs.getDouble(2), null));
        return rows.isEmpty() ? new WalFlush(0, 0, "the server returned no WAL statistics") : rows.get(0);
    }

    /**
     * Mean milliseconds per WAL flush between {@code start} and {@code end}: what a synchronous commit
     * waits for once its statement has executed (group commit may let one flush serve several
     * commits, and a commit may wait for a flush already in progress first). NaN when not measured or
     * when no flush happened.
     */
    static double meanFlushMs(WalFlush start, WalFlush end) {
        if (!start.available() || !end.available()) return Double.NaN;
        long n = end.syncs() - start.syncs();
        return n <= 0 ? Double.NaN : (end.syncMs() - start.syncMs()) / n;
    }
}
