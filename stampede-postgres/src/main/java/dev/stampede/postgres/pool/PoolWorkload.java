package dev.stampede.postgres.pool;

import dev.stampede.core.workload.WeightedWorkload;
import dev.stampede.postgres.Commits;
import dev.stampede.postgres.SqlOperation;
import dev.stampede.postgres.UserConnections;
import dev.stampede.postgres.workload.Grouped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Workload {@code pool}: statements that need no tables, so the pool suite measures the pool and not a data set.
 * {@code query} counts 1,000 generated rows (a fraction of a millisecond of server CPU, so a pool-size sweep finds where
 * the server's cores saturate); {@code hold} sleeps {@value #HOLD_MS} ms on the server, holding its connection, so that a
 * few users exhaust a small pool. Both run in autocommit (one commit per success). Neither is EXPLAINed: their time is
 * the point. Immutable and thread-safe.
 */
public final class PoolWorkload {
    public static final String TYPE = "pool";
    public static final int HOLD_MS = 100;
    static final String QUERY = "SELECT count(*) FROM generate_series(1, 1000)";
    static final String HOLD = "SELECT pg_sleep(" + HOLD_MS / 1000.0 + ")";

    private PoolWorkload() {
    }

    /** Both operations bound to {@code ds}, limited to {@code only} (names; empty for both, equally weighted). */
    public static WeightedWorkload create(DataSource ds, List<String> only) {
        List<Grouped> ops = List.of(new Grouped("query", new WeightedWorkload.Entry(new One("query", ds, QUERY), 1)),
                new Grouped("hold", new WeightedWorkload.Entry(new One("hold", ds, HOLD), 1)));
        return new WeightedWorkload(TYPE, Grouped.select(ops, only));
    }

    /** One statement, its single row read. */
    private static final class One extends SqlOperation implements Commits {
        private final String sql;

        One(String name, DataSource ds, String sql) {
            super(name, ds, 1);
            this.sql = sql;
        }

        @Override
        protected void execute(Connection c, SplittableRandom random) throws SQLException {
            UserConnections source = connections();
            PreparedStatement ps = source.prepare(c, sql);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) rs.getObject(1);
            } finally {
                source.finished(c, ps);
            }
        }

        @Override public int commitsPerSuccess() { return 1; }
    }
}
