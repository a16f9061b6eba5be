package dev.stampede.postgres;

import dev.stampede.core.api.ErrorClass;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.util.Secrets;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place that classifies PostgreSQL errors, by SQLSTATE class (the pgjdbc PSQLState habit,
 * not vendor codes sprinkled through workers). Thread-safe.
 */
public final class SqlStates {
    /** serialization_failure: retry the transaction. */
    public static final String SERIALIZATION_FAILURE = "40001";
    /** deadlock_detected: retry the transaction. */
    public static final String DEADLOCK_DETECTED = "40P01";

    private static final Map<String, String> CLASS_NAMES = Map.ofEntries(
            Map.entry("08", "connection_exception"), Map.entry("0A", "feature_not_supported"),
            Map.entry("21", "cardinality_violation"), Map.entry("22", "data_exception"),
            Map.entry("23", "integrity_constraint_violation"), Map.entry("24", "invalid_cursor_state"),
            Map.entry("25", "invalid_transaction_state"), Map.entry("28", "invalid_authorization_specification"),
            Map.entry("3D", "invalid_catalog_name"), Map.entry("3F", "invalid_schema_name"),
            Map.entry("40", "transaction_rollback"), Map.entry("42", "syntax_error_or_access_rule_violation"),
            Map.entry("53", "insufficient_resources"), Map.entry("54", "program_limit_exceeded"),
            Map.entry("55", "object_not_in_prerequisite_state"), Map.entry("57", "operator_intervention"),
            Map.entry("58", "system_error"), Map.entry("XX", "internal_error"));
    private static final Map<String, ErrorClass> CACHE = new ConcurrentHashMap<>();
    private static final ErrorClass SERVER_SHUTDOWN = new ErrorClass("57P0", "server shutting down or restarting", true);

    private SqlStates() {
    }

    /** True for failures that a retry of the whole transaction may cure (pgbench --max-tries semantics). */
    public static boolean isRetryable(SQLException e) {
        String s = e.getSQLState();
        return SERIALIZATION_FAILURE.equals(s) || DEADLOCK_DETECTED.equals(s);
    }

    /** The SQLSTATE classes reports name, plus the pool's timeout; for the reports' legend. */
    public static List<ErrorClass> knownClasses() {
        List<ErrorClass> out = new java.util.ArrayList<>();
        for (String c : new java.util.TreeSet<>(CLASS_NAMES.keySet())) out.add(classOf(c + "000"));
        out.add(ErrorClass.POOL_TIMEOUT);
        return out;
    }

    /**
     * The error class of a SQLSTATE (its first two characters). The shutdown states 57P01-57P03
     * (admin_shutdown, crash_shutdown, cannot_connect_now) mean the server went away, so they count as
     * connection loss like class 08.
     */
    public static ErrorClass classOf(String sqlState) {
        if (sqlState != null && sqlState.startsWith("57P0")) return SERVER_SHUTDOWN;
        String cls = sqlState == null || sqlState.length() < 2 ? "??" : sqlState.substring(0, 2).toUpperCase(java.util.Locale.ROOT);
        return CACHE.computeIfAbsent(cls, c -> new ErrorClass(c, CLASS_NAMES.getOrDefault(c, "sqlstate class " + c), c.equals("08")));
    }

    /**
     * Ends an attempt whose connection could not be had (a pool borrow, or the wire driver's connect): marks the acquire
     * failed on the context (the whole time so far was waiting) and classifies the failure; one broken by the run's stop
     * is {@code INTERRUPTED}, since nothing was sent and the attempt did not half-happen. Call it from the catch block.
     */
    public static Outcome borrowFailed(dev.stampede.core.api.OperationContext ctx, SQLException e) {
        ctx.markAcquireFailed();
        if (Thread.currentThread().isInterrupted()) {
            return Outcome.failed(ErrorClass.INTERRUPTED, "stopped while waiting for a connection");
        }
        return acquireFailure(e);
    }

    /** Outcome of a failure to get a connection from the pool: nothing was sent, so it is failed. */
    public static Outcome acquireFailure(SQLException e) {
        SQLException cause = firstSqlCause(e);
        if (e instanceof SQLTransientConnectionException && (cause == null || cause == e)) {
            return Outcome.failed(ErrorClass.POOL_TIMEOUT, message(e));
        }
        if (cause != null && cause.getSQLState() != null) return Outcome.failed(classOf(cause.getSQLState()), message(cause));
        if (e instanceof SQLTransientConnectionException) return Outcome.failed(ErrorClass.POOL_TIMEOUT, message(e));
        return Outcome.failed(classOf(e.getSQLState() == null ? "08000" : e.getSQLState()), message(e));
    }

    /**
     * Outcome of a failure after work was sent. A broken connection (class 08, or an I/O error) leaves
     * the effect unknown; everything else was rolled back by the server, so it is failed.
     */
    public static Outcome executeFailure(SQLException e) {
        String state = e.getSQLState();
        boolean broken = (state != null && (state.startsWith("08") || state.startsWith("57P0")))
                || e.getCause() instanceof IOException;
        ErrorClass ec = classOf(state == null ? (broken ? "08006" : "XX000") : state);
        return broken ? Outcome.unknown(ec, message(e)) : Outcome.failed(ec, message(e));
    }

    /** "SQLSTATE 40001: could not serialize access..." with secrets masked, first line only. */
    public static String message(SQLException e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = msg.indexOf('\n');
        if (nl > 0) msg = msg.substring(0, nl);
        return Secrets.redact((e.getSQLState() != null ? "SQLSTATE " + e.getSQLState() + ": " : "") + msg);
    }

    private static SQLException firstSqlCause(Throwable t) {
        Throwable c = t.getCause();
        while (c != null) {
            if (c instanceof SQLException s && s.getSQLState() != null) return s;
            c = c.getCause();
        }
        return null;
    }
}
