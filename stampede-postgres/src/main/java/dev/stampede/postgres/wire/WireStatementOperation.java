package dev.stampede.postgres.wire;

import dev.stampede.core.api.AsyncOperation;
import dev.stampede.core.api.Completion;
import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;
import dev.stampede.postgres.Commits;
import dev.stampede.postgres.Explainable;
import dev.stampede.postgres.SqlStates;

import java.util.SplittableRandom;

/**
 * One parameterised statement in autocommit over the wire driver: the counterpart of
 * {@link dev.stampede.postgres.StatementOperation} with the same outcomes, as an {@link AsyncOperation}: the
 * execution is sent on the user's session and the attempt completes on the session's event loop when the reply is
 * in, where the engine starts the user's next attempt (no thread per user, no hand-off per attempt).
 *
 * <p>The user's session is opened on its first attempt (or after its connection broke), on a connect thread: that
 * connect is the attempt's acquire time, and a failure to connect is a failed attempt with acquire time only
 * ({@link SqlStates#borrowFailed}), since nothing was sent. After the send, errors go through
 * {@link SqlStates#executeFailure}: a server error is failed, a broken connection unknown (the session is discarded
 * and the next attempt reconnects). Serialization failures and deadlocks are retried up to {@code maxTries}.
 * Immutable and thread-safe (each user touches only its own session).
 */
public final class WireStatementOperation implements AsyncOperation, WireReply, Explainable, Commits {
    private final String name;
    private final String jdbcSql;
    private final WireSessions sessions;
    private final int statement;
    private final WireParameters parameters;
    private final int maxTries;

    /** One attempt in flight: what its reply needs. */
    private static final class Attempt {
        final OperationContext ctx;
        final Completion done;
        final WireSessions.Session session;
        int tries = 1;

        Attempt(OperationContext ctx, Completion done, WireSessions.Session session) {
            this.ctx = ctx;
            this.done = done;
            this.session = session;
        }
    }

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
    public void start(OperationContext ctx, Completion done) {
        int user = ctx.user();
        WireSessions.Session s = sessions.get(user);
        if (s != null) {
            send(new Attempt(ctx, done, s));
            return;
        }
        sessions.connectThen(() -> {
            WireSessions.Session opened;
            try {
                opened = sessions.open(user);
            } catch (WireException e) {
                done.complete(SqlStates.borrowFailed(ctx, e));
                return;
            }
            ctx.markAcquired();
            send(new Attempt(ctx, done, opened));
        });
    }

    private void send(Attempt a) {
        PreparedStatement ps = a.session.statements()[statement];
        parameters.bind(a.ctx.random(), ps);
        sessions.send(a.session, ps, this, a);
    }

    @Override
    public void replied(Object tag, int rows, WireException error) {
        Attempt a = (Attempt) tag;
        if (error == null) {
            a.done.complete(Outcome.OK);
            return;
        }
        if (a.session.connection().broken()) {
            sessions.discard(a.ctx.user(), a.session);
            a.done.complete(SqlStates.executeFailure(error));
            return;
        }
        if (SqlStates.isRetryable(error) && a.tries < maxTries) {
            a.tries++;
            a.ctx.addRetry();
            send(a);
            return;
        }
        a.done.complete(SqlStates.executeFailure(error));
    }

    @Override public String sql() { return jdbcSql; }

    @Override public Object[] sampleParameters(SplittableRandom random) { return parameters.sample(random); }

    @Override public int commitsPerSuccess() { return 1; }
}
