package dev.stampede.postgres;

import dev.stampede.core.api.Operation;
import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.SplittableRandom;

/**
 * Base of every SQL operation: takes a pooled connection (and tells the engine when it has one, so
 * pool wait is reported apart), runs {@link #execute}, retries the whole unit on serialization or
 * deadlock failure up to {@code maxTries} as pgbench 15+ does, and turns errors into outcomes through
 * {@link SqlStates}. Thread-safe when subclasses keep no mutable fields.
 */
public abstract class SqlOperation implements Operation {
    private final String name;
    private final UserConnections connections;
    private final int maxTries;

    /**
     * @param dataSource the pool, or a {@link UserConnections} that says whether each user holds its connection
     */
    protected SqlOperation(String name, DataSource dataSource, int maxTries) {
        this.name = name;
        this.connections = UserConnections.of(dataSource);
        this.maxTries = Math.max(1, maxTries);
    }

    @Override
    public final String name() { return name; }

    /**
     * One unit of work on {@code connection}. Transactional subclasses use {@link Tx#run}; on an
     * exception the base class rolls back and decides whether to retry.
     */
    protected abstract void execute(Connection connection, SplittableRandom random) throws SQLException;

    /** Where this operation's connections and statements come from (statements: {@link UserConnections#prepare}). */
    protected final UserConnections connections() { return connections; }

    /**
     * Takes a connection (borrowed now, or the one this user holds: {@link UserConnections}), runs the unit (with
     * retries) and ends its use. A failure to borrow is reported with {@link OperationContext#markAcquireFailed()},
     * so its wait is acquire time and not execution time. An outcome is never rewritten by returning the
     * connection: when closing it fails (the pool evicts it), an ok stays ok and a failed or unknown outcome stays
     * as it was.
     */
    @Override
    public final Outcome call(OperationContext ctx) throws InterruptedException {
        Connection c;
        try {
            c = connections.take(ctx, name);
        } catch (SQLException e) {
            return SqlStates.borrowFailed(ctx, e);
        }
        Outcome outcome = null;
        try {
            outcome = runOn(c, ctx);
            return outcome;
        } finally {
            // an exception escaping (a bug in a body) ends the use as a failure too, its transaction rolled back
            if (outcome == null) Tx.rollbackQuietly(c);
            connections.done(c, outcome != null && outcome.isOk());
        }
    }

    private Outcome runOn(Connection c, OperationContext ctx) {
        for (int attempt = 1; ; attempt++) {
            try {
                execute(c, ctx.random());
                return Outcome.OK;
            } catch (SQLException e) {
                Tx.rollbackQuietly(c);
                if (SqlStates.isRetryable(e) && attempt < maxTries) {
                    ctx.addRetry();
                    continue;
                }
                return SqlStates.executeFailure(e);
            }
        }
    }
}
