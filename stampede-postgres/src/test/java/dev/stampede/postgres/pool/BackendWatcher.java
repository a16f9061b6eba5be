package dev.stampede.postgres.pool;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

/**
 * The test's own view of the pool's backends, independent of Stampede's monitors: polls pg_stat_activity every
 * 100 ms on a connection of its own for the backends with application_name 'stampede' and keeps every (pid, start)
 * seen and the most at once. Started and stopped by the test.
 */
final class BackendWatcher implements AutoCloseable {
    private final Thread thread;
    private final Set<String> seen = new HashSet<>();
    private int peak;
    private volatile boolean stop;
    private volatile SQLException failure;

    BackendWatcher(String jdbcUrl, String user) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("ApplicationName", "it-backend-watcher");
        Connection c = DriverManager.getConnection(jdbcUrl, p);
        thread = Thread.ofPlatform().daemon().name("backend-watcher").start(() -> {
            try (c; Statement s = c.createStatement()) {
                while (!stop) {
                    int now = 0;
                    try (ResultSet rs = s.executeQuery("SELECT pid, backend_start FROM pg_stat_activity WHERE application_name = 'stampede' "
                            + "AND datname = current_database()")) {
                        while (rs.next()) {
                            now++;
                            synchronized (this) {
                                seen.add(rs.getInt(1) + "@" + rs.getString(2));
                            }
                        }
                    }
                    synchronized (this) {
                        peak = Math.max(peak, now);
                    }
                    Thread.sleep(100);
                }
            } catch (SQLException e) {
                failure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    synchronized int distinct() { return seen.size(); }

    synchronized int peak() { return peak; }

    @Override
    public void close() throws Exception {
        stop = true;
        thread.join(5000);
        if (failure != null) throw failure;
    }
}
