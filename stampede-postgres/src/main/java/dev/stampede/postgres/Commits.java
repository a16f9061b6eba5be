package dev.stampede.postgres;

/**
 * An operation that knows how many transactions one successful attempt commits on the server: 1 for
 * a single autocommit statement, a batch (sent as one implicit transaction) or an explicit
 * transaction; N for N autocommit statements in a row. Read-only statements count too: PostgreSQL's
 * xact_commit counts every committed transaction, reads included. This is what lets the health
 * check compare the client's successes with pg_stat_database's commit counter.
 */
public interface Commits {

    /** Transactions committed by one successful attempt (retried tries roll back and are not counted). */
    int commitsPerSuccess();
}
