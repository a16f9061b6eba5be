package dev.stampede.postgres.fault;

import dev.stampede.core.fault.Fault;
import dev.stampede.core.fault.FaultProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * pgjdbc against the PostgreSQL service through the fault proxy: what a real driver sees under each fault, and that
 * the server's own count of this test's sessions agrees with the proxy's count of accepted connections.
 */
class PostgresThroughProxyIT {
    private FaultProxy proxy;

    @BeforeEach
    void start() throws Exception {
        proxy = FaultProxy.start("database", new InetSocketAddress("127.0.0.1", 5432));
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    private Connection connect(int socketTimeoutSeconds) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("ApplicationName", "stampede-it-proxy");
        p.setProperty("connectTimeout", "3");
        p.setProperty("socketTimeout", Integer.toString(socketTimeoutSeconds));
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + proxy.address().getPort() + "/test", p);
    }

    private static int one(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void queriesPassAndTheServerSeesTheProxiedSessions() throws Exception {
        try (Connection a = connect(5); Connection b = connect(5)) {
            for (int i = 0; i < 200; i++) assertEquals(1, one(i % 2 == 0 ? a : b));
            try (Statement s = a.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'stampede-it-proxy'")) {
                rs.next();
                assertEquals(2, rs.getInt(1), "the server's count of this test's sessions");
            }
        }
        assertEquals(2, proxy.stats().accepted(), "the proxy's own count");
    }

    @Test
    void aBlackholeMakesTheDriverTimeOutAndTheDatabaseIsReachableAfter() throws Exception {
        try (Connection c = connect(1)) {
            assertEquals(1, one(c));
            proxy.add(new Fault.Blackhole());
            long t0 = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, () -> one(c));
            assertTrue(e.getSQLState().startsWith("08"), e.getSQLState() + " " + e.getMessage());
            assertTrue(Duration.ofNanos(System.nanoTime() - t0).toMillis() >= 900, "the read waited for the socket timeout");
            proxy.remove(new Fault.Blackhole());
        }
        try (Connection c = connect(5)) {
            assertEquals(1, one(c));
        }
    }

    @Test
    void aResetBreaksTheOpenConnectionWithAConnectionFailure() throws Exception {
        try (Connection c = connect(5)) {
            assertEquals(1, one(c));
            proxy.add(new Fault.Reset());
            SQLException e = assertThrows(SQLException.class, () -> one(c));
            assertEquals("08006", e.getSQLState(), e.getMessage());
            assertThrows(SQLException.class, () -> connect(5).close(), "new connections are reset while the fault lasts");
            proxy.remove(new Fault.Reset());
        }
        try (Connection c = connect(5)) {
            assertEquals(1, one(c));
        }
    }

    @Test
    void refusedConnectionsSayConnectionRefused() throws Exception {
        proxy.add(new Fault.Refuse());
        SQLException e = assertThrows(SQLException.class, () -> connect(5).close());
        assertEquals("08001", e.getSQLState(), e.getMessage());
        proxy.remove(new Fault.Refuse());
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (true) {
            try (Connection c = connect(5)) {
                assertEquals(1, one(c));
                break;
            } catch (SQLException again) {
                if (System.nanoTime() > deadline) throw again;
                Thread.sleep(20);
            }
        }
    }
}
