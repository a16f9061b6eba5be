package dev.stampede.postgres.health;

import dev.stampede.core.api.Monitor;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lock contention each interval: sessions waiting on a lock, who blocks them (pg_blocking_pids) and
 * how long they have waited (pg_locks.waitstart on PostgreSQL 14+, the statement's age before).
 * Every blocked/blocking pair goes to the evidence with its longest wait. Both series are gauges (the
 * state at the sample); no counters.
 */
final class LockMonitor implements Monitor {
    private final MonitorConnection conn;
    private final HealthEvidence evidence;
    private final String sql;

    LockMonitor(MonitorConnection conn, HealthEvidence evidence) {
        this.conn = conn;
        this.evidence = evidence;
        String waited = conn.capabilities().serverVersionNum() >= 140000
                ? "coalesce((SELECT extract(epoch FROM now() - min(l.waitstart)) FROM pg_locks l WHERE l.pid = w.pid AND NOT l.granted), "
                + "extract(epoch FROM now() - w.query_start))"
                : "extract(epoch FROM now() - w.query_start)";
        this.sql = "SELECT w.pid, coalesce(w.application_name, ''), left(coalesce(w.query, ''), 300), b.pid, "
                + "coalesce(b.application_name, ''), left(coalesce(b.query, ''), 300), coalesce(w.wait_event, ''), " + waited
                + " FROM pg_stat_activity w CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS blocker(pid) "
                + "JOIN pg_stat_activity b ON b.pid = blocker.pid "
                + "WHERE w.datname = current_database() AND w.wait_event_type = 'Lock'";
    }

    @Override public String name() { return "pg_locks"; }

    @Override
    public Map<String, Double> sample() {
        List<HealthEvidence.LockWait> rows;
        try {
            rows = conn.query(sql, rs -> new HealthEvidence.LockWait(rs.getInt(1), rs.getString(2), rs.getString(3),
                    rs.getInt(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getDouble(8)));
        } catch (SQLException e) {
            throw new IllegalStateException("reading lock waits failed: " + e.getMessage(), e);
        }
        double longest = 0;
        java.util.Set<Integer> blocked = new java.util.HashSet<>();
        for (HealthEvidence.LockWait w : rows) {
            evidence.lockWait(w);
            blocked.add(w.blockedPid());
            longest = Math.max(longest, w.maxWaitSeconds());
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("blocked_sessions", (double) blocked.size());
        m.put("longest_lock_wait_s", longest);
        return m;
    }
}
