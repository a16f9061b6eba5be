package dev.stampede.postgres;

import dev.stampede.core.config.Durations;
import dev.stampede.core.target.TargetSettings;
import dev.stampede.core.util.Secrets;

import java.util.LinkedHashMap;
import java.util.Map;

import java.time.Duration;

/**
 * The {@code database} section: where and how to connect to PostgreSQL. Immutable. The URL may hold a password: never print it, use
 * {@link DatabaseUrl#redacted()} or {@link Secrets}.
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
 * @param monitors         sample the server's own statistics (pg_stat_*) during the run ({@code --no-db-monitors} turns it off)
 * @param allowConnectionExhaustion run even when the pool would take every free connection slot of the server
 * @param leakThreshold    a connection checked out longer than this is counted as a long checkout (Stampede's own count,
 *                         with the operation) and logged by HikariCP's leak detection when the pool borrows per attempt
 * @param driver           {@code jdbc} (pgjdbc + HikariCP, the default) or {@code wire} (Stampede's own protocol client for
 *                         the built-in select-only workload: {@link dev.stampede.postgres.wire.WireConnection})
 */
public record DatabaseConfig(String url, Integer poolSize, int maxOverflow, Duration poolRecycle, Duration poolTimeout,
                             Duration statementTimeout, String schema, Duration socketTimeout, boolean monitors,
                             boolean allowConnectionExhaustion, Duration leakThreshold, String driver) implements TargetSettings {
    /** The drivers {@link #driver} may name. */
    public static final java.util.List<String> DRIVERS = java.util.List.of("jdbc", "wire");
    /** Default {@link #leakThreshold}. */
    public static final Duration DEFAULT_LEAK_THRESHOLD = Duration.ofSeconds(5);

    public DatabaseConfig {
        if (leakThreshold == null) leakThreshold = DEFAULT_LEAK_THRESHOLD;
        if (leakThreshold.isZero() || leakThreshold.isNegative()) throw new IllegalArgumentException("leak_threshold must be positive: " + leakThreshold);
        if (driver == null) driver = "jdbc";
        if (!DRIVERS.contains(driver)) throw new IllegalArgumentException("driver must be jdbc or wire: " + driver);
    }

    public DatabaseConfig(String url, Integer poolSize, int maxOverflow, Duration poolRecycle, Duration poolTimeout,
                          Duration statementTimeout, String schema, Duration socketTimeout, boolean monitors,
                          boolean allowConnectionExhaustion, Duration leakThreshold) {
        this(url, poolSize, maxOverflow, poolRecycle, poolTimeout, statementTimeout, schema, socketTimeout, monitors,
                allowConnectionExhaustion, leakThreshold, "jdbc");
    }

    /** This configuration with another {@link #driver}. */
    public DatabaseConfig withDriver(String otherDriver) {
        return new DatabaseConfig(url, poolSize, maxOverflow, poolRecycle, poolTimeout, statementTimeout, schema, socketTimeout,
                monitors, allowConnectionExhaustion, leakThreshold, otherDriver);
    }

    /** True when {@link #driver} is {@code wire}. */
    public boolean wire() { return "wire".equals(driver); }

    public DatabaseConfig(String url, Integer poolSize, int maxOverflow, Duration poolRecycle, Duration poolTimeout,
                          Duration statementTimeout, String schema, Duration socketTimeout, boolean monitors,
                          boolean allowConnectionExhaustion) {
        this(url, poolSize, maxOverflow, poolRecycle, poolTimeout, statementTimeout, schema, socketTimeout, monitors,
                allowConnectionExhaustion, DEFAULT_LEAK_THRESHOLD);
    }

    public DatabaseConfig(String url, Integer poolSize, int maxOverflow, Duration poolRecycle, Duration poolTimeout,
                          Duration statementTimeout, String schema) {
        this(url, poolSize, maxOverflow, poolRecycle, poolTimeout, statementTimeout, schema, Duration.ZERO, true, false);
    }

    @Override
    public boolean configured() {
        return url != null;
    }

    @Override
    public Map<String, Object> echo() {
        Map<String, Object> db = new LinkedHashMap<>();
        db.put("url", url == null ? "(embedded)" : Secrets.redact(url));
        db.put("pool_size", poolSize == null ? "one per user" : poolSize);
        db.put("max_overflow", maxOverflow);
        db.put("pool_recycle", Durations.format(poolRecycle));
        db.put("pool_timeout", Durations.format(poolTimeout));
        db.put("statement_timeout", Durations.format(statementTimeout));
        db.put("schema", schema);
        db.put("socket_timeout", Durations.format(socketTimeout));
        db.put("monitors", monitors);
        if (allowConnectionExhaustion) db.put("allow_connection_exhaustion", true);
        db.put("leak_threshold", Durations.format(leakThreshold));
        db.put("driver", driver);
        return db;
    }

    @Override
    public String toString() {
        return "DatabaseConfig[url=" + (url == null ? "embedded" : Secrets.redact(url))
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
