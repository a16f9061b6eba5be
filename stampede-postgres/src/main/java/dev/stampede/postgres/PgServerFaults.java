package dev.stampede.postgres;

import dev.stampede.core.fault.Fault;
import dev.stampede.core.fault.FaultInjector;
import dev.stampede.core.util.Secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL's server-side faults, each touching only what Stampede made:
 * <ul>
 *   <li>{@code terminate-backends}: {@code pg_terminate_backend} on the load's own backends (application name
 *   {@value PgTarget#APP_NAME}, this user, this database) when the window starts, and again every {@code every}
 *   while it lasts when given;</li>
 *   <li>{@code hold-lock}: a separate session takes a lock ({@code mode}, default {@code ACCESS EXCLUSIVE}) on the
 *   tables of Stampede's own schema (or {@code table}, which must be in it) and holds it until the window ends;</li>
 *   <li>{@code statement-timeout}: the load's sessions run with {@code statement_timeout = timeout} for the window and
 *   with their configured one after it, set per session on each pooled connection's next borrow
 *   ({@link SessionSettings}); never with ALTER ROLE, since Stampede creates no role of its own;</li>
 *   <li>{@code restart}: the embedded server only: stopped (fast shutdown) at the start, started again with the
 *   same settings at the end, so the window is the outage.</li>
 * </ul>
 * Why these: they are what a pool meets in production (a DBA's kill, a migration's lock, a failover restart), and
 * none of them can harm data Stampede did not create. Thread-safe: the fault driver's thread calls add and remove.
 */
final class PgServerFaults implements FaultInjector {
    /** The kinds and their keys besides target, kind, at, for. */
    static final Map<String, Set<String>> KINDS = Map.of("terminate-backends", Set.of("every"),
            "hold-lock", Set.of("table", "mode"), "statement-timeout", Set.of("timeout"), "restart", Set.of());
    private static final Set<String> MODES = Set.of("ACCESS EXCLUSIVE", "EXCLUSIVE", "SHARE ROW EXCLUSIVE", "SHARE", "ROW EXCLUSIVE");

    private final PgTarget pg;
    private final boolean embedded;
    private final Map<Fault, Runnable> undo = new ConcurrentHashMap<>();

    PgServerFaults(PgTarget pg, boolean embedded) {
        this.pg = pg;
        this.embedded = embedded;
    }

    @Override
    public String cannotApply(Fault fault) {
        if (!(fault instanceof Fault.Server s)) return null;
        if (s.kind().equals("restart") && !embedded) {
            return "restart applies to the embedded PostgreSQL only (Stampede never stops a server it did not start); "
                    + "unset DATABASE_URL to use the embedded one";
        }
        if (s.kind().equals("hold-lock")) {
            String mode = s.params().getOrDefault("mode", "ACCESS EXCLUSIVE").toUpperCase(java.util.Locale.ROOT);
            if (!MODES.contains(mode)) return "hold-lock mode '" + s.params().get("mode") + "' is not one of " + MODES;
            String t = s.params().get("table");
            if (t != null && !t.matches("[A-Za-z_][A-Za-z0-9_]*")) return "hold-lock table '" + t + "' is not a plain table name of schema " + pg.config().schema();
        }
        if (s.kind().equals("statement-timeout")) {
            String v = s.params().get("timeout");
            if (v == null) return "statement-timeout needs timeout: (the lowered statement_timeout, like 100ms)";
            java.time.Duration d;
            try {
                d = dev.stampede.core.config.Durations.parse(v, 1);
            } catch (RuntimeException e) {
                return "statement-timeout timeout '" + v + "' is not a duration (like 100ms)";
            }
            if (d.toMillis() < 1) return "statement-timeout timeout '" + v + "' must be at least 1ms (0 would switch the timeout off)";
        }
        if (s.kind().equals("terminate-backends") && s.params().containsKey("every")) {
            try {
                dev.stampede.core.config.Durations.parse(s.params().get("every"), 1);
            } catch (RuntimeException e) {
                return "terminate-backends every '" + s.params().get("every") + "' is not a duration (like 1s)";
            }
        }
        return null;
    }

    @Override
    public void add(Fault fault) throws InterruptedException {
        if (!(fault instanceof Fault.Server s)) return;
        try {
            switch (s.kind()) {
                case "terminate-backends" -> terminate(s);
                case "hold-lock" -> holdLock(s);
                case "statement-timeout" -> {
                    pg.session().set(dev.stampede.core.config.Durations.parse(s.params().get("timeout"), 1).toMillis());
                    undo.put(s, pg.session()::clear);
                }
                case "restart" -> stop(s);
                default -> throw new IllegalArgumentException("unknown PostgreSQL fault " + s.kind());
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("the PostgreSQL fault " + s.kind() + " could not be applied: " + Secrets.redact(e.getMessage()), e);
        }
    }

    @Override
    public void remove(Fault fault) {
        Runnable u = undo.remove(fault);
        if (u != null) u.run();
    }

    /** Terminates the load's backends; the number terminated. */
    int terminateNow() throws SQLException {
        try (Connection c = pg.openMonitoring("stampede-fault");
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) /* stampede:monitor */ "
                     + "FROM pg_stat_activity WHERE application_name = ? AND usename = current_user "
                     + "AND datname = current_database() AND pid <> pg_backend_pid()")) {
            ps.setString(1, PgTarget.APP_NAME);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private void terminate(Fault.Server s) throws SQLException {
        terminateNow();
        String every = s.params().get("every");
        if (every == null) return;
        long period = dev.stampede.core.config.Durations.parse(every, 1).toNanos();
        Thread t = Thread.ofPlatform().daemon().name("stampede-fault-terminate").start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    TimeUnit.NANOSECONDS.sleep(period);
                    terminateNow();
                }
            } catch (InterruptedException | SQLException ignored) {
                // the window ended, or the server went away: nothing left to terminate
            }
        });
        undo.put(s, () -> {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private void holdLock(Fault.Server s) throws SQLException {
        String schema = pg.config().schema();
        List<String> tables = new ArrayList<>();
        Connection c = pg.open("stampede-fault");
        try {
            try (PreparedStatement ps = c.prepareStatement("SELECT tablename FROM pg_tables WHERE schemaname = ? ORDER BY 1")) {
                ps.setString(1, schema);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) tables.add(rs.getString(1));
                }
            }
            String only = s.params().get("table");
            if (only != null) {
                if (!tables.contains(only)) throw new SQLException("table " + only + " is not in Stampede's schema " + schema + " (it has " + tables + ")");
                tables = List.of(only);
            }
            if (tables.isEmpty()) throw new SQLException("Stampede's schema " + schema + " has no tables to lock yet");
            String mode = s.params().getOrDefault("mode", "ACCESS EXCLUSIVE").toUpperCase(java.util.Locale.ROOT);
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("LOCK TABLE " + String.join(", ", tables.stream().map(t -> quote(schema) + "." + quote(t)).toList())
                        + " IN " + mode + " MODE");
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        undo.put(s, () -> {
            try (c) {
                c.rollback();
            } catch (SQLException ignored) {
                // closing the session releases the lock as well
            }
        });
    }

    private static String quote(String ident) {
        return "\"" + ident.replace("\"", "\"\"") + "\"";
    }

    /** Stops the embedded server (fast shutdown) and registers its start with the same command line for the window's end. */
    private void stop(Fault.Server s) throws SQLException, IOException, InterruptedException {
        Path data;
        try (Connection c = pg.openMonitoring("stampede-fault"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW data_directory")) {
            rs.next();
            data = Path.of(rs.getString(1));
        }
        List<String> commandLine = PostmasterOptions.parse(Files.readString(data.resolve("postmaster.opts"), StandardCharsets.UTF_8));
        Postmaster.stopFast(data, 60);
        undo.put(s, () -> {
            try {
                Postmaster.start(data, commandLine, data.resolve("stampede-restart.log"), 60);
            } catch (IOException e) {
                throw new IllegalStateException("the embedded PostgreSQL did not start again: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
