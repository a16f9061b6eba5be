package dev.stampede.postgres.workload;

import dev.stampede.core.api.Workload;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.workload.WeightedWorkload;
import dev.stampede.postgres.OwnSchema;
import dev.stampede.postgres.StatementOperation;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * pgbench's select-only transaction ({@code pgbench -S}): {@code SELECT abalance FROM pgbench_accounts
 * WHERE aid = :aid} with aid uniform over the table. Reads an existing {@code pgbench -i} table when
 * {@code workload.table} names one (read only), or loads Stampede's own copy in its schema with 100,000
 * rows per unit of scale, as {@code pgbench -i} would.
 */
public final class SelectOnlyWorkload {
    static final String WORKLOAD = "select-only";
    private static final String TABLE_NAME = "[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?";

    private SelectOnlyWorkload() {
    }

    /** Prepares the table and returns its qualified name and the number of accounts. */
    public record Table(String name, int accounts) {
    }

    public static Table prepare(Connection c, OwnSchema own, String table, int scale) throws SQLException {
        if (table != null) {
            if (!table.matches(TABLE_NAME)) {
                throw new ConfigException("workload.table '" + table + "' is not a table name; write it as table or schema.table");
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT max(aid) FROM " + table)) {
                rs.next();
                int n = rs.getInt(1);
                if (n < 1) throw new ConfigException("table " + table + " has no rows; load it first (pgbench -i -s 10)");
                return new Table(table, n);
            } catch (SQLException e) {
                if ("42P01".equals(e.getSQLState())) {
                    throw new ConfigException("table " + table + " (workload.table) does not exist; create it with pgbench -i, "
                            + "or leave workload.table unset to let Stampede load its own copy");
                }
                throw e;
            }
        }
        own.ensure(c);
        String t = own.qualify("pgbench_accounts");
        int n = 100_000 * scale;
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + t + " (aid int PRIMARY KEY, bid int, abalance int, filler char(84))");
            own.record(c, "pgbench_accounts", WORKLOAD, scale);
            int have;
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + t)) { rs.next(); have = rs.getInt(1); }
            if (have != n) {
                s.execute("TRUNCATE " + t);
                s.execute("INSERT INTO " + t + " SELECT i, 1 + (i - 1) / 100000, 0, '' FROM generate_series(1, " + n + ") i");
                s.execute("ANALYZE " + t);
            }
        }
        return new Table(t, n);
    }

    /** The statement as the wire driver prepares it (one int4 parameter). */
    public static dev.stampede.postgres.wire.WireSessions.Statement wireStatement(Table table) {
        return new dev.stampede.postgres.wire.WireSessions.Statement(
                dev.stampede.postgres.wire.WireStatementOperation.dollarParameters(sql(table)),
                List.of(dev.stampede.postgres.wire.ParamType.INT4));
    }

    /** The same operation on the wire driver: the aid is written straight into the Bind message. */
    public static Workload createWire(dev.stampede.postgres.wire.WireSessions sessions, Table table) {
        int n = table.accounts();
        var params = new dev.stampede.postgres.wire.WireParameters() {
            @Override public void bind(java.util.SplittableRandom r, dev.stampede.postgres.wire.PreparedStatement st) {
                st.setInt(0, 1 + r.nextInt(n));
            }

            @Override public Object[] sample(java.util.SplittableRandom r) { return new Object[]{1 + r.nextInt(n)}; }
        };
        var select = new dev.stampede.postgres.wire.WireStatementOperation("select_one", sql(table), sessions, params, 1);
        return new WeightedWorkload(WORKLOAD, List.of(new WeightedWorkload.Entry(select, 1)));
    }

    private static String sql(Table table) {
        return "SELECT abalance FROM " + table.name() + " WHERE aid = ?";
    }

    public static Workload create(DataSource ds, Table table) {
        String sql = sql(table);
        int n = table.accounts();
        StatementOperation select = new StatementOperation("select_one", ds, 1, sql, r -> new Object[]{1 + r.nextInt(n)});
        return new WeightedWorkload(WORKLOAD, List.of(new WeightedWorkload.Entry(select, 1)));
    }
}
