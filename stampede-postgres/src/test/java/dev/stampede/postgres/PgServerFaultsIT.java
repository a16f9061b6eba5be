package dev.stampede.postgres;

import dev.stampede.core.fault.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL's server-side faults against the 5432 service, each checked against the server's own view
 * (pg_stat_activity, pg_locks, SHOW): they touch only Stampede's own sessions and schema. The load connects as a role
 * of this test's own ({@value #ROLE}, dropped afterwards), so that other Stampede runs on the shared server are
 * neither hit nor counted.
 */
class PgServerFaultsIT {
    private static final String ROLE = "stampede_it_pgfaults";
    private static final String SCHEMA = "stampede_it_pgfaults";
    private static final String OTHER = "stampede_it_pgfaults_other";
    private static final String JDBC = "jdbc:" + ItSupport.URL.replaceFirst("postgresql://[^@/]*@", "postgresql://");
    private static PgTarget pg;

    private static Connection as(String user, String app) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("ApplicationName", app);
        return DriverManager.getConnection(JDBC, p);
    }

    private static void dropAll() throws SQLException {
        try (Connection c = as("postgres", "it-admin"); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + OTHER + " CASCADE");
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + ROLE + "'")) {
                if (!rs.next()) return;
            }
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + ROLE + "'");
            s.execute("DROP OWNED BY " + ROLE);
            s.execute("DROP ROLE " + ROLE);
        }
    }

    @BeforeAll
    static void setUp() throws Exception {
        dropAll();
        try (Connection c = as("postgres", "it-admin"); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + ROLE + " LOGIN");
            s.execute("GRANT CREATE ON DATABASE " + c.getCatalog() + " TO " + ROLE);
            s.execute("CREATE SCHEMA " + OTHER + " AUTHORIZATION " + ROLE);
            s.execute("CREATE TABLE " + OTHER + ".bystander (id int)");
            s.execute("ALTER TABLE " + OTHER + ".bystander OWNER TO " + ROLE);
        }
        String url = ItSupport.URL.replaceFirst("postgresql://[^@/]*@", "postgresql://" + ROLE + "@");
        pg = PgTarget.connect(DatabaseUrl.parse(url, "test"), ItSupport.config(SCHEMA, Duration.ofSeconds(30)));
        try (Connection c = pg.open("it"); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + SCHEMA);
            s.execute("CREATE TABLE " + SCHEMA + ".a (id int)");
            s.execute("CREATE TABLE " + SCHEMA + ".b (id int)");
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        dropAll();
    }

    /** The role's backends with Stampede's load application name, from the server's own view. */
    private static List<Integer> loadPids() throws SQLException {
        List<Integer> out = new ArrayList<>();
        try (Connection c = as("postgres", "it-admin"); PreparedStatement ps = c.prepareStatement(
                "SELECT pid FROM pg_stat_activity WHERE usename = ? AND application_name = ? ORDER BY 1")) {
            ps.setString(1, ROLE);
            ps.setString(2, PgTarget.APP_NAME);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getInt(1));
            }
        }
        return out;
    }

    private static boolean alive(Connection c) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            return rs.next();
        } catch (SQLException e) {
            return false;
        }
    }

    @Test
    void terminateBackendsEndsOnlyTheLoadsOwnBackends() throws Exception {
        PgServerFaults faults = new PgServerFaults(pg, false);
        try (PgTarget.Pool pool = pg.pool(4);
             Connection sameRoleOtherApp = as(ROLE, "it-bystander");
             Connection otherRoleSameApp = as("postgres", PgTarget.APP_NAME)) {
            // every connection the pool may have is checked out, so it cannot open another while we count
            List<Connection> held = new ArrayList<>();
            for (int i = 0; i < pool.max(); i++) held.add(pool.dataSource().getConnection());
            List<Integer> pids = loadPids();
            assertEquals(pool.max(), pids.size(), "the pool's backends, seen by the server: " + pids);
            assertEquals(pids.size(), faults.terminateNow(), "terminated: exactly the load's backends");
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!loadPids().isEmpty() && System.nanoTime() < until) Thread.sleep(20);
            assertEquals(List.of(), loadPids(), "every load backend of the role is gone");
            for (Connection c : held) {
                assertTrue(!alive(c), "a held pool connection was terminated");
                c.close();
            }
            assertTrue(alive(sameRoleOtherApp), "a session of the same role with another application name survives");
            assertTrue(alive(otherRoleSameApp), "a session named stampede of another user survives");
            // the fault's own path (as the driver calls it) on the connections the pool opened again
            try (Connection again = pool.dataSource().getConnection()) {
                assertTrue(alive(again), "the pool opens new connections afterwards");
                Fault.Server kill = new Fault.Server("terminate-backends", Map.of());
                faults.add(kill);
                faults.remove(kill);
                assertTrue(!alive(again), "terminated by the fault");
            }
            assertTrue(alive(sameRoleOtherApp) && alive(otherRoleSameApp));
        }
    }

    @Test
    void holdLockLocksOnlyTheTablesOfStampedesSchema() throws Exception {
        PgServerFaults faults = new PgServerFaults(pg, false);
        Fault.Server hold = new Fault.Server("hold-lock", Map.of());
        faults.add(hold);
        try (Connection c = as(ROLE, "it-probe"); Statement s = c.createStatement()) {
            List<String> locked = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT n.nspname || '.' || r.relname FROM pg_locks l "
                    + "JOIN pg_class r ON r.oid = l.relation JOIN pg_namespace n ON n.oid = r.relnamespace "
                    + "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.granted AND l.mode = 'AccessExclusiveLock' "
                    + "AND a.usename = '" + ROLE + "' AND a.application_name = 'stampede-fault' ORDER BY 1")) {
                while (rs.next()) locked.add(rs.getString(1));
            }
            assertEquals(List.of(SCHEMA + ".a", SCHEMA + ".b"), locked, "both tables of the schema, nothing else");
            s.execute("SET lock_timeout = '200ms'");
            SQLException e = assertThrows(SQLException.class, () -> s.execute("SELECT count(*) FROM " + SCHEMA + ".a"));
            assertEquals("55P03", e.getSQLState());
            s.execute("SELECT count(*) FROM " + OTHER + ".bystander");   // not Stampede's: not locked
            faults.remove(hold);
            s.execute("SELECT count(*) FROM " + SCHEMA + ".a");          // released at the window's end
        } finally {
            faults.remove(hold);
        }
        Fault.Server elsewhere = new Fault.Server("hold-lock", Map.of("table", "bystander"));
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> faults.add(elsewhere));
        assertTrue(refused.getMessage().contains("not in Stampede's schema " + SCHEMA), refused.getMessage());
    }

    @Test
    void statementTimeoutFailsStatementsWith57014InsideTheWindowOnly() throws Exception {
        PgServerFaults faults = new PgServerFaults(pg, false);
        Fault.Server low = new Fault.Server("statement-timeout", Map.of("timeout", "100ms"));
        assertEquals(null, faults.cannotApply(low));
        assertNotNull(faults.cannotApply(new Fault.Server("statement-timeout", Map.of())));
        try (PgTarget.Pool pool = pg.pool(2); Connection plain = as(ROLE, "it-bystander")) {
            assertEquals("30s", show(pool));
            sleep(pool);                                  // 300 ms: fine under the configured 30 s
            faults.add(low);
            try {
                for (int i = 0; i < 4; i++) {             // every pooled connection, whichever is borrowed
                    assertEquals("100ms", show(pool));
                    SQLException e = assertThrows(SQLException.class, () -> sleep(pool));
                    assertEquals("57014", e.getSQLState());
                }
                assertEquals("0", showOn(plain), "a session that is not the load's keeps its own setting");
                try (Connection fresh = as(ROLE, "it-fresh")) {
                    assertEquals("0", showOn(fresh), "the role itself was not altered");
                }
            } finally {
                faults.remove(low);
            }
            for (int i = 0; i < 4; i++) {
                assertEquals("30s", show(pool));
                sleep(pool);
            }
        }
        try (Connection c = as("postgres", "it-admin"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_db_role_setting d JOIN pg_roles r ON r.oid = d.setrole "
                     + "WHERE r.rolname = '" + ROLE + "'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "no ALTER ROLE ... SET");
        }
    }

    private static String show(PgTarget.Pool pool) throws SQLException {
        try (Connection c = pool.dataSource().getConnection()) {
            return showOn(c);
        }
    }

    private static String showOn(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW statement_timeout")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void sleep(PgTarget.Pool pool) throws SQLException {
        try (Connection c = pool.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_sleep(0.3)");
        }
    }
}
