package dev.stampede.migration;

import dev.stampede.core.api.ErrorClass;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.util.Secrets;
import dev.stampede.redis.RedisErrors;

import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;

/**
 * How the store's failures become outcomes, in one place: Redis errors through {@link RedisErrors}, PostgreSQL errors
 * through the database target's own classification ({@link dev.stampede.core.target.SqlDatabase#failure}: the same
 * classes, pool timeout and unknown-after-send rules as its workloads), anything else as a store error. Immutable.
 */
final class MigrationErrors {
    static final ErrorClass STORE = new ErrorClass("migration-store", "the game store's record was missing or malformed", false);
    static final List<ErrorClass> ALL = List.of(STORE);

    private final Function<SQLException, Outcome> sql;

    /** @param sql how the PostgreSQL target classifies a failed attempt ({@code SqlDatabase::failure}) */
    MigrationErrors(Function<SQLException, Outcome> sql) {
        this.sql = sql;
    }

    /** The outcome of an attempt that failed with {@code e}; a write whose reply was lost is unknown. */
    Outcome outcome(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof SQLException) && !(t instanceof io.lettuce.core.RedisException)) t = t.getCause();
        if (t instanceof SQLException s) return sql.apply(s);
        if (t instanceof io.lettuce.core.RedisException) return RedisErrors.outcome(t);
        return Outcome.failed(STORE, describe(t));
    }

    /** One line for a report, free of secrets. */
    static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + Secrets.redact(m.length() > 200 ? m.substring(0, 200) : m));
    }
}
