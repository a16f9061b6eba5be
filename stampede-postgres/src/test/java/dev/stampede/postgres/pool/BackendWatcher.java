package dev.stampede.postgres.pool;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The test's own view of the pool's backends, independent of Stampede's monitors: polls pg_stat_activity every
 * 100 ms on a connection of its own for the backends with application_name 'stampede' and keeps every (pid, start)
 * seen, the most at once, and each backend's age when first and last seen (server clock) for failure messages.
 * Started and stopped by the test.
 */
final class BackendWatcher implements AutoCloseable {
    private final Thread thread;
    private final Set<String> seen = new HashSet<>();
    private final Map<String, double[]> ages = new LinkedHashMap<>();   // pid@start -> {first seen age, last seen age}
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
                    try (ResultSet rs = s.executeQuery("SELECT pid, backend_start, extract(epoch FROM now() - backend_start) FROM pg_stat_activity WHERE application_name = 'stampede' "
                            + "AND datname = current_database()")) {
                        while (rs.next()) {
                            now++;
                            synchronized (this) {
                                String key = rs.getInt(1) + "@" + rs.getString(2);
                                seen.add(key);
                                double age = rs.getDouble(3);
                                ages.computeIfAbsent(key, k -> new double[]{age, age})[1] = age;
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

    /** Every backend seen, with its age in seconds when first and last seen: what a failing assertion prints. */
    synchronized String timeline() {
        StringBuilder b = new StringBuilder("backends seen by the watcher (age first..last seen, s):");
        ages.forEach((k, a) -> b.append(String.format(Locale.ROOT, " %s %.1f..%.1f;", k.substring(0, k.indexOf('@')), a[0], a[1])));
        return b.toString();
    }

    @Override
    public void close() throws Exception {
        stop = true;
        thread.join(5000);
        if (failure != null) throw failure;
    }
}
