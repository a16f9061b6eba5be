package dev.stampede.core.target;

import dev.stampede.core.api.Monitor;
import dev.stampede.core.config.WorkloadConfig;

import javax.sql.DataSource;

/**
 * A relational database that another target's workload may query: the cache-aside workload of the Redis target
 * reads a player from PostgreSQL on a miss. Offered by a {@link Target} through {@link Target#capability}. Used
 * from the session thread; the pools it hands out are thread-safe.
 */
public interface SqlDatabase {

    /**
     * Makes sure the data of {@code workload} (its type, for example {@code game}, and scale) is loaded, once per
     * run, in the target's own schema.
     *
     * @return the schema the tables are in (already a safe identifier), for qualifying names
     */
    String prepareData(WorkloadConfig workload) throws Exception;

    /** The target's own schema (already a safe identifier), where {@link #prepareData} loads and others may create tables. */
    String schema();

    /**
     * The outcome of an attempt whose work on this database failed with {@code e}, classified as the target's own
     * workloads classify theirs: a failed borrow from a {@link #pool} is failed (the pool's timeout, or the server's
     * SQLSTATE class when the pool could not connect), a connection broken after the work was sent is unknown, any
     * other error failed with its SQLSTATE class. Secrets are masked in the message. Thread-safe.
     */
    dev.stampede.core.api.Outcome failure(java.sql.SQLException e);

    /** A connection pool of at most {@code maxConnections}, for one scenario; the caller closes it. */
    Pool pool(int maxConnections) throws Exception;

    /** A scenario's pool on the database. */
    interface Pool extends AutoCloseable {
        DataSource dataSource();

        /** Its state as a monitor (active, idle, waiting...). */
        Monitor monitor();

        /** Closes the connections attempts are blocked on; idempotent, any thread. */
        void abort();

        @Override
        void close();
    }
}
