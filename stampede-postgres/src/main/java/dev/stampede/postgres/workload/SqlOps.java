package dev.stampede.postgres.workload;

import dev.stampede.core.workload.WeightedWorkload;
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

    /** A multi-statement operation in {@code group}, with its weight. */
    static Grouped body(String group, String name, DataSource ds, int maxTries, double weight, Body body) {
        return new Grouped(group, new WeightedWorkload.Entry(new SqlOperation(name, ds, maxTries) {
            @Override
            protected void execute(Connection connection, SplittableRandom random) throws SQLException {
                body.run(connection, random);
            }
        }, weight));
    }

    /** Executes an INSERT, UPDATE or DELETE with bound parameters; returns the rows changed. */
    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            return ps.executeUpdate();
        }
    }
}
