package dev.stampede.postgres.health;

import dev.stampede.postgres.PgTarget;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The one connection Stampede's health monitors use, apart from the workload's pool, with
 * application_name {@value #APP_NAME}. Every query it runs carries {@value #MARKER} after its first keyword so that
 * pg_stat_statements deltas can leave Stampede's own monitoring out.
 *
 * <p>Bounded: the connection is opened with {@link PgTarget#MONITORING}, so every query returns or fails
 * within its socket timeout, and waits for a lock at most its lock timeout, even on a frozen server. A
 * connection that pgjdbc closed after a timeout is reopened by the next query, so a stall costs the
 * samples it lasted, not the rest of the run.
 *
 * <p>Thread-safety: used by the sampler thread during a scenario and by the session thread before
 * and after; those never overlap, and the methods are synchronized for safety.
 */
public final class MonitorConnection implements AutoCloseable {
    public static final String APP_NAME = "stampede-monitor";
    /**
     * Comment placed after the first keyword of every monitoring query. pg_stat_statements keeps
     * comments inside a statement's text (a leading one is cut off with everything before the first
     * token), so the marker lets its deltas leave Stampede's own queries out.
     */
    public static final String MARKER = "/* stampede:monitor */";

    private final PgTarget target;
    private final Capabilities capabilities;
    private Connection connection;
    private long transactions;
    private int reconnects;

    private MonitorConnection(PgTarget target, Connection connection, Capabilities capabilities) {
        this.target = target;
        this.connection = connection;
        this.capabilities = capabilities;
    }

    public static MonitorConnection open(PgTarget target) throws SQLException {
        Connection c = target.openMonitoring(APP_NAME);
        return new MonitorConnection(target, c, Capabilities.probe(c));
    }

    /**
     * Times the connection was reopened after pgjdbc had closed it (a socket timeout on a stalled
     * server closes it); each new session commits one transaction at its start, counted in
     * {@link #committedTransactions()}.
     */
    public synchronized int reconnects() {
        return reconnects;
    }

    private Connection live() throws SQLException {
        if (connection.isClosed()) {
            connection = target.openMonitoring(APP_NAME);
            reconnects++;
            transactions++; // the new session's start-up transaction
        }
        return connection;
    }

    public Capabilities capabilities() { return capabilities; }

    /** Runs a monitoring query (the marker is prepended) and maps each row. */
    public synchronized <T> List<T> query(String sql, RowMapper<T> mapper) throws SQLException {
        List<T> out = new ArrayList<>();
        try (Statement s = live().createStatement(); ResultSet rs = s.executeQuery(mark(sql))) {
            while (rs.next()) out.add(mapper.map(rs));
        }
        transactions++;
        return out;
    }

    /**
     * Transactions this connection has committed since it opened (each successful query is one:
     * autocommit), so that pg_stat_database's xact_commit can be taken net of Stampede's monitoring.
     * A failed query rolls back and is not counted.
     */
    public synchronized long committedTransactions() {
        return transactions;
    }

    /**
     * Makes this session publish its pending statistics now (PostgreSQL 15+:
     * {@code pg_stat_force_next_flush()}, one committed transaction, counted), so that a following read
     * of pg_stat_* includes everything this connection did. Before 15 the statistics collector has
     * no such call; returns false there and the caller's edge is approximate.
     */
    public synchronized boolean flushStatistics() throws SQLException {
        if (capabilities.serverVersionNum() < 150000) return false;
        query("SELECT pg_stat_force_next_flush()", rs -> null);
        return true;
    }

    /** {@code sql} with the marker after its first keyword: {@code SELECT /* stampede:monitor *\/ ...}. */
    public static String mark(String sql) {
        String t = sql.stripLeading();
        int sp = t.indexOf(' ');
        return sp < 0 ? t + " " + MARKER : t.substring(0, sp) + " " + MARKER + t.substring(sp);
    }

    /** One row's value. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the server may already be gone
        }
    }
}
