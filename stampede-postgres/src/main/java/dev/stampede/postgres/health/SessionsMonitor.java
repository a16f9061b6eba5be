package dev.stampede.postgres.health;

import dev.stampede.core.api.Monitor;
import dev.stampede.postgres.PgTarget;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The server's sessions on this database from {@code pg_stat_activity}, each interval, independently of the pool's own
 * numbers: how many per application name (series {@code app.<name>}, the {@value #TOP_APPS} largest, the rest in
 * {@code app.(others)}), and the life of the workload pool's backends (application_name {@value PgTarget#APP_NAME}):
 * connected now ({@code pool_backends}), the most at once ({@code pool_backends_peak}), distinct backend pids seen and
 * backends that ended (counters {@code pool_backends_seen}, {@code pool_backends_ended}), so that recycling (max
 * lifetime, idle timeout) shows as new pids and a size limit as a peak. A backend is "ended" when a sample no longer
 * sees its pid; its age at its end lies between the last sample that saw it and the first that did not (both kept:
 * on a loaded machine samples can be seconds apart, and a backend retired at its max lifetime must not pass for a
 * younger one).
 * Sampled on the health monitoring connection, whose transactions are counted. Sampler thread; {@link #history} after.
 */
public final class SessionsMonitor implements Monitor {
    static final int TOP_APPS = 8;
    private static final String SQL = "SELECT pid, coalesce(application_name, ''), extract(epoch FROM backend_start), "
            + "extract(epoch FROM now()) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
            + "AND backend_type = 'client backend'";
    private record Row(int pid, String app, double start, double now) {
    }

    private final MonitorConnection conn;
    private final Map<Integer, double[]> live = new HashMap<>();   // pid -> {backend_start, last seen}
    private final List<Double> endedAges = new ArrayList<>();
    private final List<Double> goneAges = new ArrayList<>();
    private int seen;
    private int peak;

    SessionsMonitor(MonitorConnection conn) {
        this.conn = conn;
    }

    @Override public String name() { return "pg_sessions"; }

    @Override public Set<String> counters() { return Set.of("pool_backends_seen", "pool_backends_ended"); }

    @Override
    public synchronized Map<String, Double> sample() {
        List<Row> rows;
        try {
            rows = conn.query(SQL, rs -> new Row(rs.getInt(1), rs.getString(2), rs.getDouble(3), rs.getDouble(4)));
        } catch (SQLException e) {
            throw new IllegalStateException("reading pg_stat_activity failed: " + e.getMessage(), e);
        }
        Map<String, Integer> byApp = new TreeMap<>();
        Map<Integer, double[]> now = new HashMap<>();
        double sampledAt = Double.NaN;
        for (Row r : rows) {
            sampledAt = r.now();
            byApp.merge(r.app().isEmpty() ? "(none)" : r.app(), 1, Integer::sum);
            if (r.app().equals(PgTarget.APP_NAME)) now.put(r.pid(), new double[]{r.start(), r.now()});
        }
        for (var e : live.entrySet()) {
            double[] prev = e.getValue();
            double[] cur = now.get(e.getKey());
            if (cur == null || cur[0] != prev[0]) {   // gone, or the pid was reused
                endedAges.add(prev[1] - prev[0]);
                // no row at all (no session on the database): this sample's time is unknown, the last seen is the bound
                goneAges.add(Double.isNaN(sampledAt) ? prev[1] - prev[0] : sampledAt - prev[0]);
            }
        }
        for (var e : now.entrySet()) {
            double[] prev = live.get(e.getKey());
            if (prev == null || prev[0] != e.getValue()[0]) seen++;
        }
        live.clear();
        live.putAll(now);
        peak = Math.max(peak, now.size());
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("pool_backends", (double) now.size());
        m.put("pool_backends_peak", (double) peak);
        m.put("pool_backends_seen", (double) seen);
        m.put("pool_backends_ended", (double) endedAges.size());
        List<Map.Entry<String, Integer>> apps = new ArrayList<>(byApp.entrySet());
        apps.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        int others = 0;
        for (int i = 0; i < apps.size(); i++) {
            if (i < TOP_APPS) m.put("app." + label(apps.get(i).getKey()), (double) apps.get(i).getValue());
            else others += apps.get(i).getValue();
        }
        if (others > 0) m.put("app.(others)", (double) others);
        return m;
    }

    /** Series-name-safe form of an application name: printable ASCII, at most 40 characters. */
    static String label(String app) {
        StringBuilder b = new StringBuilder();
        for (char ch : app.toCharArray()) {
            if (b.length() >= 40) break;
            b.append(ch >= 0x21 && ch < 0x7f && ch != '"' && ch != '\\' ? ch : '_');
        }
        return b.toString();
    }

    /** The pool's backends over the scenario so far. */
    public synchronized BackendHistory history() {
        return new BackendHistory(seen, endedAges.size(), live.size(), peak, endedAges, goneAges);
    }

    /**
     * The workload pool's backends as the server saw them. Immutable.
     *
     * @param distinct   distinct backends (pid and start time) seen
     * @param ended      backends that were seen and then gone
     * @param connected  connected at the last sample
     * @param peak       the most connected at once
     * @param endedAgesS age of each ended backend when last seen, seconds
     * @param goneAgesS  the same backends' ages at the first sample that no longer saw them (same order): each ended
     *                   between the two
     */
    public record BackendHistory(int distinct, int ended, int connected, int peak, List<Double> endedAgesS, List<Double> goneAgesS) {
        public BackendHistory {
            endedAgesS = List.copyOf(endedAgesS);
            goneAgesS = List.copyOf(goneAgesS);
            if (goneAgesS.size() != endedAgesS.size()) throw new IllegalArgumentException("one gone age per ended backend");
        }
    }
}
