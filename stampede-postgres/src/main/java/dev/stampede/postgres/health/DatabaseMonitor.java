package dev.stampede.postgres.health;

import dev.stampede.core.api.Monitor;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * pg_stat_database for the current database, as deltas over the test window (never totals since the
 * server started): commits, rollbacks, deadlocks, temp files and bytes, buffer hits and reads, the
 * window's cache hit ratio, commits per second in the last interval, and database size growth.
 *
 * <p>Counters ({@link #COUNTERS}, cumulative since the first sample): commits, rollbacks, deadlocks,
 * temp_files, temp_mb, blks_hit, blks_read, db_growth_mb. Gauges: cache_hit_percent (over the window so
 * far), commits_per_s (last interval), db_size_mb. The server publishes these counters up to a second
 * late per backend (PostgreSQL 15+), so a sample lags the live value slightly; the window's exact
 * commit count is {@link CommitCheck}'s job. Thread-safety: sampled by one thread at a time.
 */
final class DatabaseMonitor implements Monitor {
    private static final String SQL = "SELECT xact_commit, xact_rollback, deadlocks, temp_files, temp_bytes, blks_hit, "
            + "blks_read, pg_database_size(current_database()) FROM pg_stat_database WHERE datname = current_database()";
    /** The series of {@link #sample()} that are counters. */
    static final Set<String> COUNTERS = Set.of("commits", "rollbacks", "deadlocks", "temp_files", "temp_mb", "blks_hit",
            "blks_read", "db_growth_mb");
    private final MonitorConnection conn;
    private long[] base;
    private long[] prev;
    private long prevNanos;

    DatabaseMonitor(MonitorConnection conn) {
        this.conn = conn;
    }

    @Override public String name() { return "pg_database"; }

    @Override public Set<String> counters() { return COUNTERS; }

    @Override
    public Map<String, Double> sample() {
        long[] now;
        try {
            List<long[]> rows = conn.query(SQL, rs -> {
                long[] v = new long[8];
                for (int i = 0; i < 8; i++) v[i] = rs.getLong(i + 1);
                return v;
            });
            if (rows.isEmpty()) return Map.of();
            now = rows.get(0);
        } catch (SQLException e) {
            throw new IllegalStateException("reading pg_stat_database failed: " + e.getMessage(), e);
        }
        long t = System.nanoTime();
        Map<String, Double> m = new LinkedHashMap<>();
        if (base == null) {
            base = now;
            prev = now;
            prevNanos = t;
        }
        m.put("commits", (double) (now[0] - base[0]));
        m.put("rollbacks", (double) (now[1] - base[1]));
        m.put("deadlocks", (double) (now[2] - base[2]));
        m.put("temp_files", (double) (now[3] - base[3]));
        m.put("temp_mb", (now[4] - base[4]) / 1048576.0);
        long hit = now[5] - base[5], read = now[6] - base[6];
        m.put("blks_hit", (double) hit);
        m.put("blks_read", (double) read);
        if (hit + read > 0) m.put("cache_hit_percent", 100.0 * hit / (hit + read));
        double dt = (t - prevNanos) / 1e9;
        if (dt > 0.05) m.put("commits_per_s", (now[0] - prev[0]) / dt);
        m.put("db_size_mb", now[7] / 1048576.0);
        m.put("db_growth_mb", (now[7] - base[7]) / 1048576.0);
        prev = now;
        prevNanos = t;
        return m;
    }
}
