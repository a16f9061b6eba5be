package dev.stampede.postgres.health;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Start and end readings of pg_stat_statements and the per-table and per-index statistics, and their
 * deltas. Taken on the monitoring connection, bounded by its timeouts; sizes of relations locked
 * ACCESS EXCLUSIVE by another session are {@link #UNKNOWN} rather than waited for.
 */
final class Snapshots {
    record Statement(long queryId, String query, long calls, double totalMs, long rows, long hit, long read, long temp) {
    }

    record Table(String schema, String table, long seqScan, long seqRead, long idxScan, long ins, long upd, long del,
                 long live, long dead, long size) {
    }

    record Index(String schema, String table, String index, long scans, long size, boolean unique, String definition) {
    }

    record Reading(Map<Long, Statement> statements, Map<String, Table> tables, Map<String, Index> indexes) {
    }

    /** A size that could not be read without waiting for another session's lock. */
    static final long UNKNOWN = -1;
    /**
     * Relations someone holds or awaits an ACCESS EXCLUSIVE lock on: reading their size would queue
     * behind that lock (pg_relation_size takes ACCESS SHARE), so their size is left {@link #UNKNOWN}
     * instead of hanging the snapshot. A lock taken between this check and the read is still bounded
     * by the monitoring connection's lock_timeout.
     */
    private static final String LOCKED = "(SELECT relation FROM pg_locks WHERE locktype = 'relation' "
            + "AND mode = 'AccessExclusiveLock' AND relation IS NOT NULL AND pid <> pg_backend_pid())";

    private Snapshots() {
    }

    /** Everything: statements, tables (with sizes) and indexes. */
    static Reading read(MonitorConnection conn) throws SQLException {
        return new Reading(statements(conn), tables(conn), indexes(conn));
    }

    /**
     * pg_stat_statements only, for the measured phase's edges: it is updated as each statement ends, so
     * it is exact at any moment, and it is quick (no relation sizes) on the engine thread.
     */
    static Reading readStatements(MonitorConnection conn) throws SQLException {
        return new Reading(statements(conn), Map.of(), Map.of());
    }

    private static Map<Long, Statement> statements(MonitorConnection conn) throws SQLException {
        Map<Long, Statement> statements = new HashMap<>();
        if (conn.capabilities().pgStatStatements()) {
            String total = conn.capabilities().serverVersionNum() >= 130000 ? "total_exec_time" : "total_time";
            for (Statement s : conn.query("SELECT queryid, query, calls, " + total + ", rows, shared_blks_hit, shared_blks_read, "
                    + "temp_blks_written FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = "
                    + "current_database()) AND queryid IS NOT NULL AND query NOT LIKE '%stampede:monitor%'",
                    rs -> new Statement(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getDouble(4), rs.getLong(5),
                            rs.getLong(6), rs.getLong(7), rs.getLong(8)))) {
                statements.merge(s.queryId(), s, (a, b) -> new Statement(a.queryId(), a.query(), a.calls() + b.calls(),
                        a.totalMs() + b.totalMs(), a.rows() + b.rows(), a.hit() + b.hit(), a.read() + b.read(), a.temp() + b.temp()));
            }
        }
        return statements;
    }

    private static Map<String, Table> tables(MonitorConnection conn) throws SQLException {
        Map<Long, Long> sizes = new HashMap<>();
        for (long[] r : conn.query("SELECT relid, pg_total_relation_size(relid) FROM pg_stat_user_tables WHERE relid NOT IN "
                + LOCKED, rs -> new long[]{rs.getLong(1), rs.getLong(2)})) {
            sizes.put(r[0], r[1]);
        }
        Map<String, Table> tables = new HashMap<>();
        for (Table t : conn.query("SELECT schemaname, relname, coalesce(seq_scan, 0), coalesce(seq_tup_read, 0), "
                + "coalesce(idx_scan, 0), n_tup_ins, n_tup_upd, n_tup_del, n_live_tup, n_dead_tup, relid FROM pg_stat_user_tables",
                rs -> new Table(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                        rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), sizes.getOrDefault(rs.getLong(11), UNKNOWN)))) {
            tables.put(t.schema() + "." + t.table(), t);
        }
        return tables;
    }

    private static Map<String, Index> indexes(MonitorConnection conn) throws SQLException {
        Map<String, Index> indexes = new HashMap<>();
        // pg_relation_size and pg_get_indexdef both wait for a lock on the table
        for (Index i : conn.query("SELECT s.schemaname, s.relname, s.indexrelname, coalesce(s.idx_scan, 0), "
                + "CASE WHEN l.locked THEN " + UNKNOWN + " ELSE pg_relation_size(s.indexrelid) END, x.indisunique, "
                + "CASE WHEN l.locked THEN NULL ELSE pg_get_indexdef(s.indexrelid) END FROM pg_stat_user_indexes s "
                + "JOIN pg_index x ON x.indexrelid = s.indexrelid "
                + "CROSS JOIN LATERAL (SELECT s.relid IN " + LOCKED + " OR s.indexrelid IN " + LOCKED + " AS locked) l",
                rs -> new Index(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                        rs.getBoolean(6), rs.getString(7)))) {
            indexes.put(i.schema() + "." + i.index(), i);
        }
        return indexes;
    }

    static List<StatementDelta> statementDeltas(Reading start, Reading end) {
        List<StatementDelta> out = new ArrayList<>();
        for (Statement e : end.statements().values()) {
            Statement s = start.statements().get(e.queryId());
            long calls = e.calls() - (s == null ? 0 : s.calls());
            if (calls <= 0) continue;
            double total = e.totalMs() - (s == null ? 0 : s.totalMs());
            out.add(new StatementDelta(e.queryId(), e.query(), calls, total, total / calls, e.rows() - (s == null ? 0 : s.rows()),
                    e.hit() - (s == null ? 0 : s.hit()), e.read() - (s == null ? 0 : s.read()), e.temp() - (s == null ? 0 : s.temp())));
        }
        return out;
    }

    static List<TableDelta> tableDeltas(Reading start, Reading end) {
        List<TableDelta> out = new ArrayList<>();
        for (Map.Entry<String, Table> en : end.tables().entrySet()) {
            Table e = en.getValue();
            Table s = start.tables().get(en.getKey());
            if (s == null) s = new Table(e.schema(), e.table(), 0, 0, 0, 0, 0, 0, 0, 0, 0);
            long growth = e.size() == UNKNOWN || s.size() == UNKNOWN ? 0 : e.size() - s.size();
            out.add(new TableDelta(e.schema(), e.table(), e.seqScan() - s.seqScan(), e.seqRead() - s.seqRead(),
                    e.idxScan() - s.idxScan(), e.ins() - s.ins(), e.upd() - s.upd(), e.del() - s.del(), e.live(), e.dead(),
                    e.size(), growth));
        }
        return out;
    }

    static List<IndexDelta> indexDeltas(Reading start, Reading end) {
        List<IndexDelta> out = new ArrayList<>();
        for (Map.Entry<String, Index> en : end.indexes().entrySet()) {
            Index e = en.getValue();
            Index s = start.indexes().get(en.getKey());
            String definition = e.definition() != null || s == null ? e.definition() : s.definition();
            out.add(new IndexDelta(e.schema(), e.table(), e.index(), e.scans() - (s == null ? 0 : s.scans()), e.scans(),
                    e.size(), e.unique(), definition));
        }
        return out;
    }
}
