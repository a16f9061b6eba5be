package dev.stampede.postgres.wire;

import dev.stampede.core.api.Operation;
import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;
import dev.stampede.postgres.Commits;
import dev.stampede.postgres.Explainable;
import dev.stampede.postgres.SqlStates;

import java.util.SplittableRandom;

/**
 * One parameterised statement in autocommit over the wire driver: the counterpart of
 * {@link dev.stampede.postgres.StatementOperation} with the same outcomes. The user's session is opened on its
 * first attempt (or after its connection broke): that connect is the attempt's acquire time, and a failure to
 * connect is a failed attempt with acquire time only ({@link SqlStates#acquireFailure}), since nothing was sent.
 * After the send, errors go through {@link SqlStates#executeFailure}: a server error is failed, a broken connection
 * unknown (the session is discarded and the next attempt reconnects). Serialization failures and deadlocks are
 * retried up to {@code maxTries}. Immutable and thread-safe (each user touches only its own session).
 */
public final class WireStatementOperation implements Operation, Explainable, Commits {
    private final String name;
    private final String jdbcSql;
    private final WireSessions sessions;
    private final int statement;
    private final WireParameters parameters;
    private final int maxTries;

    /**
     * @param jdbcSql the statement with {@code ?} placeholders (for EXPLAIN and reports), registered with
     *                {@code sessions} in its {@code $n} form ({@link #dollarParameters})
     */
    public WireStatementOperation(String name, String jdbcSql, WireSessions sessions, WireParameters parameters, int maxTries) {
        this.name = name;
        this.jdbcSql = jdbcSql;
        this.sessions = sessions;
        this.statement = sessions.indexOf(dollarParameters(jdbcSql));
        this.parameters = parameters;
        this.maxTries = Math.max(1, maxTries);
    }

    /** {@code ?} placeholders as PostgreSQL's {@code $1, $2, ...} (the statements this is used for have no quoted '?'). */
    public static String dollarParameters(String sql) {
        StringBuilder b = new StringBuilder();
        int n = 0;
        for (int i = 0; i < sql.length(); i++) {
            char ch = sql.charAt(i);
            if (ch == '?') b.append('$').append(++n);
            else b.append(ch);
        }
        return b.toString();
    }

    @Override public String name() { return name; }

    @Override
    public Outcome call(OperationContext ctx) {
        int user = ctx.user();
        WireSessions.Session s = sessions.get(user);
        if (s == null) {
            try {
                s = sessions.open(user);
                ctx.markAcquired();
            } catch (WireException e) {
                return SqlStates.borrowFailed(ctx, e);
            }
        }
        PreparedStatement ps = s.statements()[statement];
        for (int attempt = 1; ; attempt++) {
            parameters.bind(ctx.random(), ps);
            try {
                ps.execute();
                return Outcome.OK;
            } catch (WireException e) {
                if (s.connection().broken()) {
                    sessions.discard(user, s);
                    return SqlStates.executeFailure(e);
                }
                if (SqlStates.isRetryable(e) && attempt < maxTries) {
                    ctx.addRetry();
                    continue;
                }
                return SqlStates.executeFailure(e);
            }
        }
    }

    @Override public String sql() { return jdbcSql; }

    @Override public Object[] sampleParameters(SplittableRandom random) { return parameters.sample(random); }

    @Override public int commitsPerSuccess() { return 1; }
}
