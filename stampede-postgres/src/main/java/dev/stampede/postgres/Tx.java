package dev.stampede.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs a unit of work in one transaction. The isolation level is set with
 * {@code SET TRANSACTION ISOLATION LEVEL} inside the transaction, so nothing needs restoring on the
 * pooled connection afterwards and no extra round trip is spent on session settings.
 */
public final class Tx {
    private Tx() {
    }

    /** Body of a transaction. */
    @FunctionalInterface
    public interface Body {
        void run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code body} and commits. On an exception the transaction is left open for the caller to
     * roll back ({@link SqlOperation} does, then decides on a retry).
     *
     * @param isolation a {@link Connection} TRANSACTION_* constant
     */
    public static void run(Connection c, int isolation, Body body) throws SQLException {
        c.setAutoCommit(false);
        if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION ISOLATION LEVEL " + switch (isolation) {
                    case Connection.TRANSACTION_REPEATABLE_READ -> "REPEATABLE READ";
                    case Connection.TRANSACTION_SERIALIZABLE -> "SERIALIZABLE";
                    default -> "READ COMMITTED";
                });
            }
        }
        body.run(c);
        c.commit();
        c.setAutoCommit(true);
    }

    /**
     * Rolls back an open transaction and restores autocommit, ignoring a broken connection. A transaction opened by a
     * plain {@code BEGIN} on an autocommit connection is rolled back too (pgjdbc knows the server's transaction state
     * without a round trip): HikariCP only rolls back connections whose autocommit is off, so it would otherwise go back
     * to the pool idle in a (failed) transaction and break every later attempt on it.
     */
    static void rollbackQuietly(Connection c) {
        try {
            if (c.isClosed()) return;
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            } else if (c.isWrapperFor(org.postgresql.core.BaseConnection.class)
                    && c.unwrap(org.postgresql.core.BaseConnection.class).getTransactionState() != org.postgresql.core.TransactionState.IDLE) {
                try (Statement s = c.createStatement()) {
                    s.execute("ROLLBACK");
                }
            }
        } catch (SQLException ignored) {
            // broken connection: the pool evicts it on close
        }
    }
}
