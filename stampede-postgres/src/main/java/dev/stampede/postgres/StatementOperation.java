package dev.stampede.postgres;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * An operation that runs one parameterised statement: reads every row of a result, or counts the rows
 * a write changed, in autocommit: one committed transaction per success. Parameters are always bound.
 * Immutable and thread-safe.
 */
public final class StatementOperation extends SqlOperation implements Explainable, Commits {
    private final String sql;
    private final Function<SplittableRandom, Object[]> parameters;

    public StatementOperation(String name, DataSource ds, int maxTries, String sql, Function<SplittableRandom, Object[]> parameters) {
        super(name, ds, maxTries);
        this.sql = sql;
        this.parameters = parameters;
    }

    @Override
    protected void execute(Connection c, SplittableRandom random) throws SQLException {
        Object[] params = parameters.apply(random);
        UserConnections source = connections();
        PreparedStatement ps = source.prepare(c, sql);
        try {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            if (ps.execute()) {
                try (ResultSet rs = ps.getResultSet()) {
                    while (rs.next()) rs.getObject(1);
                }
            }
        } finally {
            source.finished(c, ps);
        }
    }

    @Override public String sql() { return sql; }

    @Override public int commitsPerSuccess() { return 1; }

    @Override public Object[] sampleParameters(SplittableRandom random) { return parameters.apply(random); }
}
