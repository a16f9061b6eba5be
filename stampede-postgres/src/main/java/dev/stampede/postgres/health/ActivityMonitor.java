package dev.stampede.postgres.health;

import dev.stampede.core.api.Monitor;
import dev.stampede.postgres.PgTarget;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * pg_stat_activity for the current database each interval: connections by state and by application
 * (Stampede's pool against everyone else), sessions idle in a transaction and the oldest of them,
 * and sessions waiting, by wait event type. Idle-in-transaction sessions go to the evidence, other
 * applications' names too. Every series is a gauge (a count at the moment of the sample); no counters.
 */
final class ActivityMonitor implements Monitor {
    private static final String SQL = "SELECT pid, coalesce(state, ''), coalesce(application_name, ''), "
            + "coalesce(wait_event_type, ''), extract(epoch FROM now() - state_change), "
            + "extract(epoch FROM now() - xact_start), left(coalesce(query, ''), 300) FROM pg_stat_activity "
            + "WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'";
    private record Row(int pid, String state, String app, String waitType, double stateAge, double xactAge, String query) {
    }

    private final MonitorConnection conn;
    private final HealthEvidence evidence;

    ActivityMonitor(MonitorConnection conn, HealthEvidence evidence) {
        this.conn = conn;
        this.evidence = evidence;
    }

    @Override public String name() { return "pg_activity"; }

    @Override
    public Map<String, Double> sample() {
        List<Row> rows;
        try {
            rows = conn.query(SQL, rs -> new Row(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getDouble(5), rs.getDouble(6), rs.getString(7)));
        } catch (SQLException e) {
            throw new IllegalStateException("reading pg_stat_activity failed: " + e.getMessage(), e);
        }
        int active = 0, idle = 0, idleTx = 0, stampede = 0, others = 0;
        double oldestIdleTx = 0, oldestXact = 0;
        Map<String, Integer> waiting = new LinkedHashMap<>();
        for (Row r : rows) {
            if (r.app().equals(PgTarget.APP_NAME)) stampede++;
            else if (!r.app().startsWith("stampede-")) {
                others++;
                evidence.otherApplication(r.app());
            }
            switch (r.state()) {
                case "active" -> active++;
                case "idle" -> idle++;
                case "idle in transaction", "idle in transaction (aborted)" -> {
                    idleTx++;
                    oldestIdleTx = Math.max(oldestIdleTx, r.stateAge());
                    if (r.stateAge() >= 1.0) evidence.idle(r.pid(), r.app(), r.stateAge(), r.query());
                }
                default -> { }
            }
            if (!r.state().equals("idle")) oldestXact = Math.max(oldestXact, r.xactAge());
            if (r.state().equals("active") && !r.waitType().isEmpty() && !r.waitType().equals("Client")) {
                waiting.merge(r.waitType().toLowerCase(Locale.ROOT), 1, Integer::sum);
            }
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("connections", (double) rows.size());
        m.put("active", (double) active);
        m.put("idle", (double) idle);
        m.put("idle_in_transaction", (double) idleTx);
        m.put("oldest_idle_in_transaction_s", oldestIdleTx);
        m.put("oldest_transaction_s", oldestXact);
        m.put("stampede_connections", (double) stampede);
        m.put("other_connections", (double) others);
        m.put("waiting", (double) waiting.values().stream().mapToInt(Integer::intValue).sum());
        waiting.forEach((type, n) -> m.put("waiting_" + type, (double) n));
        return m;
    }
}
