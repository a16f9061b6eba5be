package dev.stampede.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.stampede.core.api.Monitor;
import dev.stampede.core.api.TargetUnreachableException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * A PostgreSQL server reached through pgjdbc: opens single admin connections and HikariCP pools
 * sized per scenario. Every connection carries {@code application_name} so the server's own views can
 * tell Stampede's sessions apart, and the configured statement_timeout. Thread-safe.
 */
public final class PgTarget {
    /** application_name of workload connections. */
    public static final String APP_NAME = "stampede";
    private final DatabaseUrl url;
    /** Where scenario pools connect: the server, or a fault proxy in front of it ({@link #loadThrough}). */
    private volatile DatabaseUrl poolUrl;
    private final DatabaseConfig config;
    private final SessionSettings session;
    private volatile int serverVersionNum;

    private PgTarget(DatabaseUrl url, DatabaseConfig config) {
        this.url = url;
        this.poolUrl = url;
        this.config = config;
        this.session = new SessionSettings(config.statementTimeout().toMillis());
    }

    /** The load sessions' temporary settings (server faults); pools apply them on each borrow. */
    SessionSettings session() { return session; }

    /**
     * Makes the pools made from now on connect to {@code host:port} (a fault proxy in front of the server) instead of
     * the server; monitoring, data loading and tools still connect directly.
     */
    public void loadThrough(String host, int port) {
        poolUrl = url.withAddress(host, port);
    }

    /**
     * Connects once to check that the server is there and accepts us.
     *
     * @throws TargetUnreachableException when the server cannot be reached
     * @throws dev.stampede.core.config.ConfigException when the credentials or database name are wrong
     */
    public static PgTarget connect(DatabaseUrl url, DatabaseConfig config) throws TargetUnreachableException {
        PgTarget t = new PgTarget(url, config);
        try (Connection c = t.open("stampede-check"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int")) {
            rs.next();
            t.serverVersionNum = rs.getInt(1);
        } catch (SQLException e) {
            RuntimeException cfg = ConnectErrors.configProblem(e, url);
            if (cfg != null) throw cfg;
            throw ConnectErrors.unreachable(e, url);
        }
        return t;
    }

    public DatabaseUrl url() { return url; }

    /** Where the load's connections go: the server, or the fault proxy in front of it ({@link #loadThrough}). */
    public DatabaseUrl loadUrl() { return poolUrl; }

    public DatabaseConfig config() { return config; }

    /** server_version_num read at {@link #connect}, e.g. 150020. */
    public int serverVersionNum() { return serverVersionNum; }

    /** A fresh unpooled connection, autocommit on, for setup, loading and monitoring. */
    public Connection open(String applicationName) throws SQLException {
        return DriverManager.getConnection(url.jdbcUrl(), properties(applicationName));
    }

    /**
     * Bounds of every connection that is not the workload's (monitoring, snapshots, EXPLAIN, capability
     * and budget checks), so that a frozen or locked server can never hang a run: TCP connect and login
     * within {@code connect}, every read within {@code socket} (pgjdbc closes the connection when it
     * passes: a frozen backend), statements within {@code statement} and lock waits within {@code lock}
     * (both server side: a table locked by another session). {@code statement} stays below
     * {@code socket} so that the server's own, clearer error arrives first when the server is alive.
     */
    public record SideTimeouts(Duration connect, Duration socket, Duration statement, Duration lock) {
    }

    /** The bounds {@link #openMonitoring(String)} applies. */
    public static final SideTimeouts MONITORING = new SideTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(8), Duration.ofSeconds(2));

    /**
     * A fresh unpooled autocommit connection for monitoring, bounded by {@link #MONITORING} whatever the
     * workload's own timeouts are. A query on it ends within the socket timeout or fails with an
     * SQLException; it never blocks longer.
     */
    public Connection openMonitoring(String applicationName) throws SQLException {
        Properties p = properties(applicationName);
        SideTimeouts t = MONITORING;
        p.setProperty("connectTimeout", Long.toString(t.connect().toSeconds()));
        p.setProperty("loginTimeout", Long.toString(t.connect().toSeconds()));
        p.setProperty("socketTimeout", Long.toString(t.socket().toSeconds()));
        p.setProperty("options", "-c search_path=" + config.schema() + ",public -c statement_timeout=" + t.statement().toMillis()
                + " -c lock_timeout=" + t.lock().toMillis());
        return DriverManager.getConnection(url.jdbcUrl(), p);
    }

    /** "PostgreSQL 18.1" and the like. */
    public String serverVersion() throws SQLException {
        try (Connection c = openMonitoring("stampede-check"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('server_version')")) {
            rs.next();
            return "PostgreSQL " + rs.getString(1);
        }
    }

    /**
     * Reads the server's connection budget now (one short connection, not counted in
     * {@link ConnectionBudget#inUse()}). Call before opening a scenario's pool and check it with
     * {@link ConnectionBudget#check(int, int, boolean)}.
     */
    public ConnectionBudget connectionBudget() throws SQLException {
        try (Connection c = openMonitoring("stampede-check"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(ConnectionBudget.SQL)) {
            rs.next();
            return new ConnectionBudget(url.host() + ":" + url.port(), rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4));
        }
    }

    /** The maximum size {@link #pool(int)} gives a scenario of {@code users} users: what to pass to the budget check. */
    public int poolSize(int users) {
        return Math.max(1, config.maxPoolSize(users));
    }

    /** How long a connection may take to be established, for pgjdbc's pool and the wire driver alike. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * The load sessions' startup {@code options}: Stampede's schema first on the search_path (custom statements may
     * name tables that their setup created there), and database.statement_timeout when set. For both drivers.
     */
    static String sessionOptions(DatabaseConfig config) {
        long stmtMs = config.statementTimeout().toMillis();
        return "-c search_path=" + config.schema() + ",public" + (stmtMs > 0 ? " -c statement_timeout=" + stmtMs : "");
    }

    private Properties properties(String applicationName) {
        Properties p = new Properties();
        if (url.user() != null) p.setProperty("user", url.user());
        if (url.password() != null) p.setProperty("password", url.password());
        p.setProperty("ApplicationName", applicationName);
        p.setProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("reWriteBatchedInserts", "true");
        p.setProperty("options", sessionOptions(config));
        long socketSeconds = config.socketTimeout().toSeconds();
        if (socketSeconds > 0) p.setProperty("socketTimeout", Long.toString(socketSeconds));
        return p;
    }

    /**
     * The share of the max lifetime by which HikariCP shortens each connection's life at random, so that a pool's
     * connections do not all retire at once: HikariCP 7 takes up to a quarter ({@code 1 / lifeTimeVarianceFactor},
     * the system property {@code com.zaxxer.hikari.lifeTimeVarianceFactor}, default 4, which it bounds to 2..40;
     * HikariCP 5 and 6 took 1/40). A connection retired by its max lifetime ends at an age between
     * {@code (1 - this)} and 1 times the max lifetime. Read as HikariCP reads it when it makes a pool.
     */
    public static double lifetimeVariance() {
        long factor = Math.min(40, Math.max(2, Long.getLong("com.zaxxer.hikari.lifeTimeVarianceFactor", 4)));
        return 1.0 / factor;
    }

    /** How long a pooled connection lives (pool_recycle, at least 30 s: HikariCP's minimum). */
    static Duration maxLifetime(DatabaseConfig config) {
        return Duration.ofMillis(Math.max(Duration.ofSeconds(30).toMillis(), config.poolRecycle().toMillis()));
    }

    /** A pool for a scenario with {@code users} concurrent users, sized from the configuration. */
    public Pool pool(int users) {
        return pool(users, dev.stampede.postgres.pool.PoolTuning.NONE, false);
    }

    /** The maximum size of the pool {@link #pool(int, dev.stampede.postgres.pool.PoolTuning, boolean)} makes. */
    public int poolSize(int users, dev.stampede.postgres.pool.PoolTuning tuning) {
        return tuning.size() != null ? tuning.size() : poolSize(users);
    }

    /**
     * A pool for a scenario with {@code users} concurrent users: the configuration's settings, overridden by {@code tuning}
     * (the pool suite's own). With {@code borrowPerAttempt}, HikariCP's leak detection logs connections checked out longer
     * than database.leak_threshold (when it is within HikariCP's bounds: at least 2 s and below the max lifetime); a pool
     * whose users hold their connections for a whole phase would be all "leaks" to it, so it is off there.
     */
    public Pool pool(int users, dev.stampede.postgres.pool.PoolTuning tuning, boolean borrowPerAttempt) {
        int max = poolSize(users, tuning);
        Duration lifetime = tuning.maxLifetime() != null ? tuning.maxLifetime() : maxLifetime(config);
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("stampede");
        hc.setJdbcUrl(poolUrl.jdbcUrl());
        Properties props = properties(APP_NAME);
        // untimed reads stay single blocking system calls (see BlockingSocketFactory); with a socket timeout every
        // read is timed and the JDK's default socket is the cheaper one
        if (config.socketTimeout().toSeconds() <= 0) props.setProperty("socketFactory", BlockingSocketFactory.class.getName());
        hc.setDataSourceProperties(props);
        hc.setMaximumPoolSize(max);
        int minIdle = tuning.minIdle() != null ? tuning.minIdle() : tuning.size() != null ? max : config.minIdle(users);
        hc.setMinimumIdle(Math.min(max, Math.max(1, minIdle)));
        hc.setConnectionTimeout(Math.max(250, (tuning.timeout() != null ? tuning.timeout() : config.poolTimeout()).toMillis()));
        hc.setMaxLifetime(lifetime.toMillis());
        if (tuning.idleTimeout() != null) hc.setIdleTimeout(tuning.idleTimeout().toMillis());
        long leakMs = config.leakThreshold().toMillis();
        if (borrowPerAttempt && leakMs >= 2000 && leakMs < lifetime.toMillis()) hc.setLeakDetectionThreshold(leakMs);
        hc.setAutoCommit(true);
        hc.setInitializationFailTimeout(-1);
        HikariDataSource ds = new HikariDataSource(hc);
        return new Pool(ds, new SessionDataSource(ds, session), max, serverVersionNum >= 150000, lifetime,
                hc.getConnectionTimeout(), tuning.idleTimeout());
    }

    /** A HikariCP pool and its monitor. Close it when the scenario ends. */
    public static final class Pool implements AutoCloseable, StatisticsFlush {
        private final HikariDataSource ds;
        private final DataSource borrowed;
        private final int max;
        private final boolean canFlush;
        private final Duration maxLifetime;
        private final long timeoutMs;
        private final Duration idleTimeout;

        Pool(HikariDataSource ds, DataSource borrowed, int max, boolean canFlush, Duration maxLifetime, long timeoutMs,
             Duration idleTimeout) {
            this.ds = ds;
            this.borrowed = borrowed;
            this.max = max;
            this.canFlush = canFlush;
            this.maxLifetime = maxLifetime;
            this.timeoutMs = timeoutMs;
            this.idleTimeout = idleTimeout;
        }

        /** How long a borrow waits for a connection before it fails, ms. */
        public long timeoutMs() { return timeoutMs; }

        /** The idle timeout the pool was given, or null for HikariCP's default behaviour (a fixed pool keeps its connections). */
        public Duration idleTimeout() { return idleTimeout; }

        /** Connections checked out of the pool now, by HikariCP's own count (0 when closed). */
        public int activeConnections() {
            var mx = ds.isClosed() ? null : ds.getHikariPoolMXBean();
            return mx == null ? 0 : mx.getActiveConnections();
        }

        /** How long a connection lives in the pool before it is replaced (pool_recycle). */
        public Duration maxLifetime() { return maxLifetime; }

        /** The pool for workloads: HikariCP's, with the load sessions' temporary settings applied on each borrow. */
        public DataSource dataSource() { return borrowed; }

        public int max() { return max; }

        public Monitor monitor() { return new PoolMonitor(ds.getHikariPoolMXBean(), max); }

        /**
         * Closes the pool, aborting connections still in use: the way to free threads blocked on a hung
         * server. Safe to call more than once and from any thread.
         */
        public void abort() {
            ds.close();
        }

        /**
         * Makes every connection the pool holds publish its pending statistics now, so that a
         * pg_stat_database reading taken right after includes all the pool's work: PostgreSQL 15+
         * backends otherwise publish at most once a second, and an idle one up to 10 s later.
         * Borrows all the pool's connections at once (so each physical connection gets exactly one
         * call) and runs {@code SELECT pg_stat_force_next_flush()} on each. Call only while no
         * workload attempt is running (between phases); takes a few milliseconds. Bounded by the pool's
         * connection timeout per borrow and {@link #MONITORING}'s socket timeout per call.
         *
         * @return transactions this committed (one per connection; HikariCP may add one validation
         *         each for connections idle over 0.5 s), or -1 when the server (before 15) cannot flush
         *         on demand
         */
        @Override
        public int flushStatistics() throws SQLException {
            if (!canFlush) return -1;
            var mx = ds.getHikariPoolMXBean();
            int n = mx == null ? 0 : mx.getTotalConnections();
            java.util.List<Connection> held = new java.util.ArrayList<>(n);
            try {
                for (int i = 0; i < n; i++) held.add(ds.getConnection());
                for (Connection c : held) {
                    // bounded like monitoring: a frozen server must not hang the engine thread (HikariCP
                    // restores the connection's own network timeout when it is returned)
                    c.setNetworkTimeout(Runnable::run, (int) MONITORING.socket().toMillis());
                    try (Statement s = c.createStatement()) {
                        // marked as monitoring so that pg_stat_statements deltas leave it out
                        s.execute("SELECT /* stampede:monitor */ pg_stat_force_next_flush()");
                    }
                }
                return held.size();
            } finally {
                for (Connection c : held) {
                    try {
                        c.close();
                    } catch (SQLException ignored) {
                        // returning a connection failed; the pool evicts it
                    }
                }
            }
        }

        /** Waits up to {@code timeout} for the pool to open its minimum idle connections. */
        public void warm(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            var mx = ds.getHikariPoolMXBean();
            while (System.nanoTime() < deadline && mx != null && mx.getTotalConnections() < ds.getMinimumIdle()) {
                Thread.sleep(20);
            }
        }

        @Override
        public void close() {
            ds.close();
        }
    }
}
