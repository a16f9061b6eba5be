package dev.stampede.postgres.health;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What the monitoring user may see. Missing pieces are reported with the exact SQL or setting that
 * enables them; everything else still runs (least privilege).
 *
 * @param serverVersionNum    server_version_num, e.g. 180001
 * @param pgStatStatements    the extension is installed in this database and its view can be read
 * @param readAllStats        superuser or member of pg_read_all_stats: other sessions' queries are visible
 * @param maxConnections      the server's max_connections
 * @param missing             one line per missing capability: what it costs and how to enable it
 */
public record Capabilities(int serverVersionNum, boolean pgStatStatements, boolean readAllStats, int maxConnections,
                           String user, List<String> missing) {

    static Capabilities probe(Connection c) throws SQLException {
        int version;
        int maxConnections;
        String user;
        boolean readAll;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(MonitorConnection.mark(
                "SELECT current_setting('server_version_num')::int, current_setting('max_connections')::int, current_user, "
                + "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user) "
                + "OR pg_has_role(current_user, 'pg_read_all_stats', 'MEMBER')"))) {
            rs.next();
            version = rs.getInt(1);
            maxConnections = rs.getInt(2);
            user = rs.getString(3);
            readAll = rs.getBoolean(4);
        }
        List<String> missing = new ArrayList<>();
        boolean pgss = false;
        boolean installed;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(MonitorConnection.mark(
                "SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'"))) {
            rs.next();
            installed = rs.getInt(1) > 0;
        }
        if (!installed) {
            missing.add("pg_stat_statements is not installed in this database, so per-statement server timings, the "
                    + "cross-check and missing-index column hints are skipped. Enable it: add pg_stat_statements to "
                    + "shared_preload_libraries (ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'; then "
                    + "restart PostgreSQL) and run CREATE EXTENSION pg_stat_statements; in this database.");
        } else {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(MonitorConnection.mark(
                    "SELECT count(*) FROM pg_stat_statements"))) {
                rs.next();
                pgss = true;
            } catch (SQLException e) {
                missing.add("pg_stat_statements is installed but cannot be read (" + e.getMessage().lines().findFirst().orElse("")
                        + "). Add it to shared_preload_libraries (ALTER SYSTEM SET shared_preload_libraries = "
                        + "'pg_stat_statements';) and restart PostgreSQL.");
            }
        }
        if (!readAll) {
            missing.add("user '" + user + "' cannot see other sessions' queries or all statement texts; lock and "
                    + "idle-in-transaction evidence may show '<insufficient privilege>'. Grant it: GRANT pg_read_all_stats TO "
                    + user + ";");
        }
        return new Capabilities(version, pgss, readAll, maxConnections, user, List.copyOf(missing));
    }
}
