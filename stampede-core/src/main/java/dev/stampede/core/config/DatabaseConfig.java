package dev.stampede.core.config;

import java.time.Duration;

/**
 * Where and how to connect. Immutable. The URL may hold a password: never print it, use
 * {@code DatabaseUrl#redacted()} of the target module, or {@link dev.stampede.core.util.Secrets}.
 *
 * @param url              {@code postgresql://...} or {@code jdbc:postgresql://...}; null for the embedded default
 * @param poolSize         base pool size (DB_POOL_SIZE); null to size the pool to the scenario's users
 * @param maxOverflow      extra connections above {@code poolSize} under load (DB_MAX_OVERFLOW), SQLAlchemy's meaning
 * @param poolRecycle      maximum lifetime of a pooled connection (DB_POOL_RECYCLE)
 * @param poolTimeout      how long an attempt waits for a pooled connection before failing
 * @param statementTimeout server-side statement_timeout for workload sessions
 * @param schema           the only schema Stampede writes to
 * @param socketTimeout    client-side read timeout; zero (the default) for none, because a timed read costs
 *                         the JDK extra system calls on every response (measured: about 15% throughput). A hung
 *                         server is handled at stop time instead, by aborting the pool's connections
 */
public record DatabaseConfig(String url, Integer poolSize, int maxOverflow, Duration poolRecycle, Duration poolTimeout,
                             Duration statementTimeout, String schema, Duration socketTimeout) {

    public DatabaseConfig(String url, Integer poolSize, int maxOverflow, Duration poolRecycle, Duration poolTimeout,
                          Duration statementTimeout, String schema) {
        this(url, poolSize, maxOverflow, poolRecycle, poolTimeout, statementTimeout, schema, Duration.ZERO);
    }

    @Override
    public String toString() {
        return "DatabaseConfig[url=" + (url == null ? "embedded" : dev.stampede.core.util.Secrets.redact(url))
                + ", poolSize=" + poolSize + ", maxOverflow=" + maxOverflow + ", schema=" + schema + "]";
    }

    /** Pool maximum for a scenario with {@code users} concurrent users. */
    public int maxPoolSize(int users) {
        return poolSize == null ? users : poolSize + maxOverflow;
    }

    /** Connections kept open when idle. */
    public int minIdle(int users) {
        return poolSize == null ? users : poolSize;
    }
}
