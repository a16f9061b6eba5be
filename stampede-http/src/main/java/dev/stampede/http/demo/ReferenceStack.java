package dev.stampede.http.demo;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.stampede.core.engine.NanoClock;
import dev.stampede.postgres.EmbeddedPostgres;
import dev.stampede.redis.EmbeddedRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import javax.sql.DataSource;

/**
 * The reference stack, assembled: the {@link DemoServer} over a database and a Redis. Either over servers it starts
 * itself ({@link #standalone}: the embedded PostgreSQL and Redis, for {@code ./stampede demo} and tests) or over a
 * pool and Redis URL it is given (a run, where they are the PostgreSQL and Redis targets' own). {@link #close()}
 * stops what it started, in reverse order. Not thread-safe; start and close from one thread.
 */
public final class ReferenceStack implements AutoCloseable {
    public static final String SCHEMA = "stampede_demo";
    private final DemoServer server;
    private final RedisClient redisClient;
    private final StatefulRedisConnection<String, String> redis;
    private final HikariDataSource ownPool;
    private final EmbeddedPostgres ownPg;
    private final EmbeddedRedis ownRedis;
    private SelfSignedTls tls;

    private ReferenceStack(DemoServer server, RedisClient redisClient, StatefulRedisConnection<String, String> redis, HikariDataSource ownPool,
                           EmbeddedPostgres ownPg, EmbeddedRedis ownRedis) {
        this.server = server;
        this.redisClient = redisClient;
        this.redis = redis;
        this.ownPool = ownPool;
        this.ownPg = ownPg;
        this.ownRedis = ownRedis;
    }

    /** Over a pool and Redis it is given (not closed by this stack). */
    public static ReferenceStack over(DataSource db, String schema, String redisUrl, String keyPrefix, int port, int workers, double leakShare,
                                      NanoClock clock) throws Exception {
        return build(db, schema, redisUrl, keyPrefix, port, workers, leakShare, clock, null, null, null, null);
    }

    /**
     * The server alone, with no database or Redis behind it: its game WebSocket ({@code /ws/game}) and the endpoints
     * that need neither (health, login, echo, upload, slow, redirect) work; the others answer 500.
     */
    public static ReferenceStack gameOnly(int port, NanoClock clock) throws Exception {
        DemoServer server = DemoServer.start(new DemoBackend(null, "unused", null, "stampede:"), port, 2, 0, clock);
        return new ReferenceStack(server, null, null, null, null, null);
    }

    /** Starts the embedded PostgreSQL and Redis, a pool of {@code poolSize}, and the server. */
    public static ReferenceStack standalone(int port, int poolSize, double leakShare, NanoClock clock) throws Exception {
        return standalone(port, poolSize, leakShare, clock, false);
    }

    /**
     * As {@link #standalone(int, int, double, NanoClock)}; with {@code tls} the server speaks https and wss with a
     * self-signed certificate made at start ({@link #caFile()} is its PEM, for clients' {@code http.ca}).
     */
    public static ReferenceStack standalone(int port, int poolSize, double leakShare, NanoClock clock, boolean tls) throws Exception {
        SelfSignedTls cert = tls ? SelfSignedTls.generate() : null;
        try {
            ReferenceStack s = standalone(port, poolSize, leakShare, clock, cert);
            s.tls = cert;
            return s;
        } catch (Exception | Error e) {
            if (cert != null) cert.close();
            throw e;
        }
    }

    private static ReferenceStack standalone(int port, int poolSize, double leakShare, NanoClock clock, SelfSignedTls cert) throws Exception {
        EmbeddedPostgres pg = null;
        EmbeddedRedis rd = null;
        HikariDataSource pool = null;
        try {
            pg = EmbeddedPostgres.start();
            rd = EmbeddedRedis.start();
            HikariConfig hc = new HikariConfig();
            hc.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres?user=postgres&ApplicationName=stampede-demo");
            hc.setMaximumPoolSize(poolSize);
            hc.setConnectionTimeout(5000);
            hc.setPoolName("stampede-demo");
            pool = new HikariDataSource(hc);
            return build(pool, SCHEMA, rd.url(), "stampede:", port, poolSize * 2, leakShare, clock, pool, pg, rd, cert);
        } catch (Exception | Error e) {
            if (pool != null) pool.close();
            if (rd != null) rd.close();
            if (pg != null) pg.close();
            throw e;
        }
    }

    private static ReferenceStack build(DataSource db, String schema, String redisUrl, String keyPrefix, int port, int workers, double leakShare,
                                        NanoClock clock, HikariDataSource ownPool, EmbeddedPostgres pg, EmbeddedRedis rd, SelfSignedTls cert)
            throws Exception {
        RedisClient client = RedisClient.create(redisUrl);
        StatefulRedisConnection<String, String> conn = null;
        try {
            conn = client.connect();
            DemoBackend backend = new DemoBackend(db, schema, conn.sync(), keyPrefix);
            backend.prepare();
            DemoServer server = DemoServer.start(backend, port, workers, leakShare, clock, cert);
            return new ReferenceStack(server, client, conn, ownPool, pg, rd);
        } catch (Exception | Error e) {
            if (conn != null) conn.close();
            client.shutdown();
            throw e;
        }
    }

    public String baseUrl() { return server.baseUrl(); }

    public DemoServer server() { return server; }

    /** The server certificate's PEM file when it speaks TLS, else null. */
    public java.nio.file.Path caFile() { return server.caFile(); }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            if (redis != null) redis.close();
            if (redisClient != null) redisClient.shutdown();
            if (ownPool != null) ownPool.close();
            if (ownRedis != null) ownRedis.close();
            if (ownPg != null) ownPg.close();
            if (tls != null) tls.close();
        }
    }

}
