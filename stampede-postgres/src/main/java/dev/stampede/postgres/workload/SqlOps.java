package dev.stampede.postgres.workload;

import dev.stampede.core.workload.WeightedWorkload;
import dev.stampede.postgres.Commits;
import dev.stampede.postgres.SqlOperation;
import dev.stampede.postgres.StatementOperation;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The building blocks every built-in workload makes its operations from: a grouped single statement
 * (explainable), a grouped multi-statement body, and a bound update. Stateless.
 */
final class SqlOps {
    private SqlOps() {
    }

    /** The body of a multi-statement operation. */
    @FunctionalInterface
    interface Body {
        void run(Connection c, SplittableRandom r) throws SQLException;
    }

    /** A single parameterised statement in {@code group}, with its weight. */
    static Grouped statement(String group, String name, DataSource ds, int maxTries, String sql,
                             Function<SplittableRandom, Object[]> params, double weight) {
        return new Grouped(group, new WeightedWorkload.Entry(new StatementOperation(name, ds, maxTries, sql, params), weight));
    }

    /**
     * A multi-statement operation in {@code group}, with its weight.
     *
     * @param commits transactions one successful run of {@code body} commits (1 for a transaction or a
     *                batch, N for N autocommit statements): see {@link Commits}
     */
    static Grouped body(String group, String name, DataSource ds, int maxTries, double weight, int commits, Body body) {
        return new Grouped(group, new WeightedWorkload.Entry(new BodyOperation(name, ds, maxTries, commits, body), weight));
    }

    private static final class BodyOperation extends SqlOperation implements Commits {
        private final int commits;
        private final Body body;

        BodyOperation(String name, DataSource ds, int maxTries, int commits, Body body) {
            super(name, ds, maxTries);
            this.commits = commits;
            this.body = body;
        }

        @Override
        protected void execute(Connection connection, SplittableRandom random) throws SQLException {
            body.run(connection, random);
        }

        @Override public int commitsPerSuccess() { return commits; }
    }

    /** Executes an INSERT, UPDATE or DELETE with bound parameters; returns the rows changed. */
    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            return ps.executeUpdate();
        }
    }
}
