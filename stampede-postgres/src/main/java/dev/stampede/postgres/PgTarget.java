package dev.stampede.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.stampede.core.api.Monitor;
import dev.stampede.core.api.TargetUnreachableException;
import dev.stampede.core.config.DatabaseConfig;

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
    private final DatabaseConfig config;

    private PgTarget(DatabaseUrl url, DatabaseConfig config) {
        this.url = url;
        this.config = config;
    }

    /**
     * Connects once to check that the server is there and accepts us.
     *
     * @throws TargetUnreachableException when the server cannot be reached
     * @throws dev.stampede.core.config.ConfigException when the credentials or database name are wrong
     */
    public static PgTarget connect(DatabaseUrl url, DatabaseConfig config) throws TargetUnreachableException {
        PgTarget t = new PgTarget(url, config);
        try (Connection c = t.open("stampede-check")) {
            c.isValid(5);
        } catch (SQLException e) {
            RuntimeException cfg = ConnectErrors.configProblem(e, url);
            if (cfg != null) throw cfg;
            throw ConnectErrors.unreachable(e, url);
        }
        return t;
    }

    public DatabaseUrl url() { return url; }

    public DatabaseConfig config() { return config; }

    /** A fresh unpooled connection, autocommit on, for setup, loading and monitoring. */
    public Connection open(String applicationName) throws SQLException {
        return DriverManager.getConnection(url.jdbcUrl(), properties(applicationName));
    }

    /** "PostgreSQL 18.1" and the like. */
    public String serverVersion() throws SQLException {
        try (Connection c = open("stampede-check"); Statement s = c.createStatement();
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
        try (Connection c = open("stampede-check"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(ConnectionBudget.SQL)) {
            rs.next();
            return new ConnectionBudget(url.host() + ":" + url.port(), rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4));
        }
    }

    /** The maximum size {@link #pool(int)} gives a scenario of {@code users} users: what to pass to the budget check. */
    public int poolSize(int users) {
        return Math.max(1, config.maxPoolSize(users));
    }

    private Properties properties(String applicationName) {
        Properties p = new Properties();
        if (url.user() != null) p.setProperty("user", url.user());
        if (url.password() != null) p.setProperty("password", url.password());
        p.setProperty("ApplicationName", applicationName);
        p.setProperty("connectTimeout", "10");
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("reWriteBatchedInserts", "true");
        long stmtMs = config.statementTimeout().toMillis();
        // custom statements may name tables that their setup created in Stampede's schema
        p.setProperty("options", "-c search_path=" + config.schema() + ",public" + (stmtMs > 0 ? " -c statement_timeout=" + stmtMs : ""));
        long socketSeconds = config.socketTimeout().toSeconds();
        if (socketSeconds > 0) p.setProperty("socketTimeout", Long.toString(socketSeconds));
        return p;
    }

    /** A pool for a scenario with {@code users} concurrent users, sized from the configuration. */
    public Pool pool(int users) {
        int max = poolSize(users);
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("stampede");
        hc.setJdbcUrl(url.jdbcUrl());
        hc.setDataSourceProperties(properties(APP_NAME));
        hc.setMaximumPoolSize(max);
        hc.setMinimumIdle(Math.min(max, Math.max(1, config.minIdle(users))));
        hc.setConnectionTimeout(Math.max(250, config.poolTimeout().toMillis()));
        hc.setMaxLifetime(Math.max(Duration.ofSeconds(30).toMillis(), config.poolRecycle().toMillis()));
        hc.setAutoCommit(true);
        hc.setInitializationFailTimeout(-1);
        HikariDataSource ds = new HikariDataSource(hc);
        return new Pool(ds, max);
    }

    /** A HikariCP pool and its monitor. Close it when the scenario ends. */
    public static final class Pool implements AutoCloseable {
        private final HikariDataSource ds;
        private final int max;

        Pool(HikariDataSource ds, int max) {
            this.ds = ds;
            this.max = max;
        }

        public DataSource dataSource() { return ds; }

        public int max() { return max; }

        public Monitor monitor() { return new PoolMonitor(ds.getHikariPoolMXBean(), max); }

        /**
         * Closes the pool, aborting connections still in use: the way to free threads blocked on a hung
         * server. Safe to call more than once and from any thread.
         */
        public void abort() {
            ds.close();
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
