package dev.stampede.postgres.pgbench;

import dev.stampede.core.config.ConfigException;
import dev.stampede.postgres.OwnSchema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The four pgbench tables a script runs against. Either Stampede's own copy in its schema, loaded as
 * {@code pgbench -i -s scale} would (branches 1, tellers 10, accounts 100,000 per unit of scale; balances 0;
 * history empty) and reloaded only when its row counts differ, or, when the user says so
 * ({@code workload.existing_tables: true}), the existing {@code pgbench -i} tables on the search path, whose scale is
 * read from pgbench_branches as pgbench does. Immutable.
 *
 * @param schema the schema scripts' pgbench_* names are qualified with, or null for the search path (existing tables)
 */
public record PgbenchTables(String schema, int scale) {
    static final String WORKLOAD = "pgbench";
    private static final Pattern NAMES = Pattern.compile("(?i)(?<![.\\w\"])(pgbench_(?:accounts|branches|tellers|history))(?![\\w\"])");

    /** Rewrites a statement's pgbench_* table names to Stampede's schema (outside identifiers already qualified). */
    public String qualify(String sql) {
        if (schema == null) return sql;
        Matcher m = NAMES.matcher(sql);
        return m.replaceAll(schema + ".$1");
    }

    public static PgbenchTables existing(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM pgbench_branches")) {
            rs.next();
            int n = rs.getInt(1);
            if (n < 1) throw new ConfigException("pgbench_branches is empty; load it with pgbench -i -s 10, or set workload.existing_tables: false");
            return new PgbenchTables(null, n);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                throw new ConfigException("workload.existing_tables is true but pgbench_branches does not exist on the search path; "
                        + "create the tables with pgbench -i -s 10, or leave existing_tables unset to let Stampede load its own copy");
            }
            throw e;
        }
    }

    public static PgbenchTables own(Connection c, OwnSchema own, int scale) throws SQLException {
        own.ensure(c);
        String b = own.qualify("pgbench_branches"), t = own.qualify("pgbench_tellers"), a = own.qualify("pgbench_accounts"),
                h = own.qualify("pgbench_history");
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + b + " (bid int PRIMARY KEY, bbalance int, filler char(88))");
            s.execute("CREATE TABLE IF NOT EXISTS " + t + " (tid int PRIMARY KEY, bid int, tbalance int, filler char(84))");
            s.execute("CREATE TABLE IF NOT EXISTS " + a + " (aid int PRIMARY KEY, bid int, abalance int, filler char(84))");
            s.execute("CREATE TABLE IF NOT EXISTS " + h + " (tid int, bid int, aid int, delta int, mtime timestamp, filler char(22))");
            for (String name : new String[]{"pgbench_branches", "pgbench_tellers", "pgbench_accounts", "pgbench_history"}) {
                own.record(c, name, WORKLOAD, scale);
            }
            if (count(s, b) != scale || count(s, t) != 10L * scale || count(s, a) != 100_000L * scale) {
                s.execute("TRUNCATE " + b + ", " + t + ", " + a + ", " + h);
                s.execute("INSERT INTO " + b + " SELECT i, 0, '' FROM generate_series(1, " + scale + ") i");
                s.execute("INSERT INTO " + t + " SELECT i, 1 + (i - 1) / 10, 0, '' FROM generate_series(1, " + 10L * scale + ") i");
                s.execute("INSERT INTO " + a + " SELECT i, 1 + (i - 1) / 100000, 0, '' FROM generate_series(1, " + 100_000L * scale + ") i");
                s.execute("ANALYZE " + b + ", " + t + ", " + a + ", " + h);
            }
        }
        return new PgbenchTables(own.name(), scale);
    }

    private static long count(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
