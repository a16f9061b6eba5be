package dev.stampede.postgres;

import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.engine.NanoClock;
import dev.stampede.postgres.wire.ParamType;
import dev.stampede.postgres.wire.PreparedStatement;
import dev.stampede.postgres.wire.WireConnection;
import dev.stampede.postgres.wire.WireException;
import dev.stampede.postgres.wire.WireParameters;
import dev.stampede.postgres.wire.WireSessions;
import dev.stampede.postgres.wire.WireStatementOperation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The wire driver against the PostgreSQL service (schema {@code stampede_it_wire}): executions counted by the
 * server's own scan count of the test's table, errors classified as the pgjdbc path classifies them, a terminated backend
 * reported unknown and reconnected.
 */
class WireDriverIT {
    private static final String SCHEMA = "stampede_it_wire";
    private static PgTarget target;
    private static DatabaseUrl url;

    @BeforeAll
    static void setUp() throws Exception {
        target = ItSupport.freshSchema(SCHEMA, "CREATE TABLE " + SCHEMA + ".acc (aid int PRIMARY KEY, abalance int)",
                "INSERT INTO " + SCHEMA + ".acc SELECT i, i * 10 FROM generate_series(1, 1000) i",
                "CREATE TABLE " + SCHEMA + ".uniq (k int PRIMARY KEY)");
        url = DatabaseUrl.parse(ItSupport.URL, "test");
    }

    @AfterAll
    static void tearDown() throws Exception {
        try (Connection c = target.open("it"); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    private static DatabaseConfig config() { return ItSupport.config(SCHEMA, java.time.Duration.ofSeconds(30)); }

    /** Scans of this class's own table acc, by the server's statistics: nothing else reads it. */
    private static long scans(Connection side) throws SQLException {
        try (Statement s = side.createStatement()) {
            s.execute("SELECT pg_stat_clear_snapshot()");
            try (ResultSet rs = s.executeQuery("SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_user_tables "
                    + "WHERE schemaname = '" + SCHEMA + "' AND relname = 'acc'")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void everyExecutionIsOneScanByTheServersOwnCounter() throws Exception {
        final int n = 3000;
        try (Connection side = target.open("it-side");
             WireConnection c = WireConnection.open(WireDriver.settings(url, config()))) {
            PreparedStatement select = c.prepare("SELECT abalance FROM acc WHERE aid = $1", List.of(ParamType.INT4));
            PreparedStatement flush = c.prepare("SELECT pg_stat_force_next_flush()", List.of());
            flush.execute();
            try (Statement s = side.createStatement()) { s.execute("SELECT pg_stat_force_next_flush()"); }
            long before = scans(side);
            int rows = 0;
            for (int i = 0; i < n; i++) rows += select.setInt(0, 1 + i % 1000).execute();
            rows += select.setInt(0, 5000).execute();   // no such aid: no row, still a commit
            flush.execute();
            long after = scans(side);
            assertThat(rows).isEqualTo(n);
            // n + 1 executions, each one scan of acc (the database's xact_commit would count other sessions of the
            // shared database too)
            assertThat(after - before).isEqualTo(n + 1L);
        }
    }

    @Test
    void theSteadyPathAllocatesNothingPerExecution() throws Exception {
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().threadId();
        try (WireConnection c = WireConnection.open(WireDriver.settings(url, config()))) {
            PreparedStatement select = c.prepare("SELECT abalance FROM acc WHERE aid = $1", List.of(ParamType.INT4));
            for (int i = 0; i < 5_000; i++) select.setInt(0, 1 + i % 1000).execute();   // warm: JIT, lazy JDK state
            final int n = 20_000;
            long before = mx.getThreadAllocatedBytes(me);
            int rows = 0;
            for (int i = 0; i < n; i++) rows += select.setInt(0, 1 + i % 1000).execute();
            long allocated = mx.getThreadAllocatedBytes(me) - before;
            assertThat(rows).isEqualTo(n);
            // under one byte per execution on average (a few fixed allocations of the measurement itself allowed)
            assertThat(allocated).as("bytes allocated over %d executions", n).isLessThan(n);
        }
    }

    @Test
    void errorsAreClassifiedAsOnThePgjdbcPathAndTheConnectionStaysUsable() throws Exception {
        try (Connection jdbc = target.open("it-side");
             WireConnection c = WireConnection.open(WireDriver.settings(url, config()))) {
            // a missing table: refused at Parse, 42P01 as pgjdbc reports it
            WireException missing = org.junit.jupiter.api.Assertions.assertThrows(WireException.class,
                    () -> c.prepare("SELECT 1 FROM no_such_table WHERE x = $1", List.of(ParamType.INT4)));
            SQLException jdbcMissing = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> {
                try (var ps = jdbc.prepareStatement("SELECT 1 FROM " + SCHEMA + ".no_such_table WHERE x = ?")) {
                    ps.setInt(1, 1);
                    ps.execute();
                }
            });
            assertSameOutcome(missing, jdbcMissing);
            assertThat(missing.getSQLState()).isEqualTo("42P01");

            // a unique violation: failed (the server rolled it back), class 23, like pgjdbc's
            PreparedStatement insert = c.prepare("INSERT INTO uniq VALUES ($1)", List.of(ParamType.INT4));
            insert.setInt(0, 7).execute();
            WireException dup = org.junit.jupiter.api.Assertions.assertThrows(WireException.class, insert::execute);
            SQLException jdbcDup = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> {
                try (var ps = jdbc.prepareStatement("INSERT INTO " + SCHEMA + ".uniq VALUES (?)")) {
                    ps.setInt(1, 7);
                    ps.execute();
                }
            });
            assertThat(dup.getSQLState()).isEqualTo("23505");
            assertSameOutcome(dup, jdbcDup);
            assertThat(SqlStates.executeFailure(dup).status()).isEqualTo(Outcome.Status.FAILED);
            assertThat(c.broken()).isFalse();
            assertThat(insert.setInt(0, 8).execute()).isZero();   // still usable after the error
            try (Statement s = jdbc.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SCHEMA + ".uniq")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }

    private static void assertSameOutcome(SQLException wire, SQLException jdbc) {
        Outcome w = SqlStates.executeFailure(wire);
        Outcome j = SqlStates.executeFailure(jdbc);
        assertThat(w.status()).isEqualTo(j.status());
        assertThat(w.error().code()).isEqualTo(j.error().code());
    }

    @Test
    void aTerminatedBackendIsUnknownThenTheUserReconnects() throws Exception {
        WireSessions sessions = new WireSessions(WireDriver.settings(url, config()),
                List.of(new WireSessions.Statement("SELECT abalance FROM acc WHERE aid = $1", List.of(ParamType.INT4))), 1, true);
        WireParameters one = new WireParameters() {
            @Override public void bind(SplittableRandom r, PreparedStatement st) { st.setInt(0, 1 + r.nextInt(1000)); }
            @Override public Object[] sample(SplittableRandom r) { return new Object[]{1}; }
        };
        WireStatementOperation op = new WireStatementOperation("select_one", "SELECT abalance FROM acc WHERE aid = ?", sessions, one, 1);
        OperationContext ctx = new OperationContext(new SplittableRandom(1), NanoClock.SYSTEM, 0);
        try (Connection side = target.open("it-side"); Statement s = side.createStatement()) {
            ctx.beginAttempt();
            assertThat(op.call(ctx)).isSameAs(Outcome.OK);
            assertThat(ctx.acquiredAtNanos()).isPositive();   // the first attempt connected: acquire time
            ctx.beginAttempt();
            assertThat(op.call(ctx)).isSameAs(Outcome.OK);
            assertThat(ctx.acquiredAtNanos()).isZero();       // held: no acquire time
            int pid = sessions.get(0).connection().backendPid();
            try (ResultSet rs = s.executeQuery("SELECT pg_terminate_backend(" + pid + ")")) {
                rs.next();
                assertThat(rs.getBoolean(1)).isTrue();
            }
            Thread.sleep(200);   // let the backend exit (not timing logic: the server's asynchronous exit)
            ctx.beginAttempt();
            Outcome lost = op.call(ctx);
            assertThat(lost.status()).isEqualTo(Outcome.Status.UNKNOWN);
            assertThat(lost.error().connectionLoss()).isTrue();
            assertThat(sessions.get(0)).isNull();
            ctx.beginAttempt();
            assertThat(op.call(ctx)).isSameAs(Outcome.OK);
            assertThat(sessions.get(0).connection().backendPid()).isNotEqualTo(pid);
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid = "
                    + sessions.get(0).connection().backendPid() + " AND application_name = 'stampede'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);   // the server sees the new session, named as the pool's are
            }
        } finally {
            sessions.closeAll();
        }
    }

    @Test
    void abortFreesAUserBlockedOnAFrozenBackend() throws Exception {
        WireSessions sessions = new WireSessions(WireDriver.settings(url, config()),
                List.of(new WireSessions.Statement("SELECT abalance FROM acc WHERE aid = $1", List.of(ParamType.INT4))), 1, true);
        WireParameters one = new WireParameters() {
            @Override public void bind(SplittableRandom r, PreparedStatement st) { st.setInt(0, 1); }
            @Override public Object[] sample(SplittableRandom r) { return new Object[]{1}; }
        };
        WireStatementOperation op = new WireStatementOperation("select_one", "SELECT abalance FROM acc WHERE aid = ?", sessions, one, 1);
        OperationContext ctx = new OperationContext(new SplittableRandom(1), NanoClock.SYSTEM, 0);
        sessions.warm();
        int pid = sessions.get(0).connection().backendPid();   // this test's own backend only
        new ProcessBuilder("kill", "-STOP", Integer.toString(pid)).inheritIO().start().waitFor();
        try {
            var blocked = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                ctx.beginAttempt();
                try {
                    return op.call(ctx);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);   // the attempt is now blocked on the frozen backend's reply
            assertThat(blocked).isNotDone();
            sessions.abortAll();
            Outcome o = blocked.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(o.status()).isEqualTo(Outcome.Status.UNKNOWN);
            assertThat(o.error().code()).isEqualTo("08");
        } finally {
            new ProcessBuilder("kill", "-CONT", Integer.toString(pid)).inheritIO().start().waitFor();
            sessions.closeAll();
        }
    }

    @Test
    void aMissingDatabaseIsStampedesUsualMessageWithoutThePassword() {
        DatabaseUrl bad = DatabaseUrl.parse("postgresql://postgres:s3cretWirePw@127.0.0.1:5432/stampede_it_wire_nodb", "test");
        assertThatThrownBy(() -> {
            try {
                WireConnection.open(WireDriver.settings(bad, config())).close();
            } catch (WireException e) {
                throw ConnectErrors.configProblem(e, bad);
            }
        }).hasMessageContaining("database 'stampede_it_wire_nodb' does not exist").hasMessageNotContaining("s3cretWirePw");
    }
}
