package dev.stampede.migration;

import dev.stampede.core.api.ErrorClass;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.util.Secrets;
import dev.stampede.redis.RedisErrors;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;

/**
 * How the store's failures become outcomes, in one place: Redis errors through {@link RedisErrors}, PostgreSQL errors by
 * SQLSTATE class (08 is a lost connection), and a pool timeout as the engine's pool class. Stateless.
 */
final class MigrationErrors {
    static final ErrorClass PG_CONNECTION = new ErrorClass("migration-pg-connection", "PostgreSQL connection lost or refused (store)", true);
    static final ErrorClass PG_ERROR = new ErrorClass("migration-pg-error", "PostgreSQL error reply (store)", false);
    static final ErrorClass STORE = new ErrorClass("migration-store", "the game store's record was missing or malformed", false);
    static final List<ErrorClass> ALL = List.of(PG_CONNECTION, PG_ERROR, STORE);

    private MigrationErrors() {
    }

    /** The outcome of an attempt that failed with {@code e}; a write whose reply was lost is unknown. */
    static Outcome outcome(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof SQLException) && !(t instanceof io.lettuce.core.RedisException)) t = t.getCause();
        if (t instanceof SQLTransientConnectionException) return Outcome.failed(ErrorClass.POOL_TIMEOUT, describe(t));
        if (t instanceof SQLException s) {
            String state = s.getSQLState();
            if (state != null && state.startsWith("08")) return Outcome.unknown(PG_CONNECTION, describe(t));
            return Outcome.failed(PG_ERROR, describe(t));
        }
        if (t instanceof io.lettuce.core.RedisException) return RedisErrors.outcome(t);
        return Outcome.failed(STORE, describe(t));
    }

    /** One line for a report, free of secrets. */
    static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + Secrets.redact(m.length() > 200 ? m.substring(0, 200) : m));
    }
}
