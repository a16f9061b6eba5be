package dev.stampede.redis;

import dev.stampede.core.api.TargetUnreachableException;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.target.ScenarioScope;
import dev.stampede.core.target.ScenarioUse;
import dev.stampede.core.target.SessionContext;
import dev.stampede.core.target.Target;
import dev.stampede.core.util.Secrets;
import dev.stampede.redis.health.ServerView;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulConnection;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Redis opened for one run: the user's server (REDIS_URL) or an embedded one started for the run, the Lettuce client,
 * and Stampede's monitoring connection. Checked before any load: reachable, credentials and database accepted, not
 * loading, a standalone URL not pointing at a cluster node, not a read-only replica, and our prefix writable. Session
 * thread only.
 */
final class RedisTarget implements Target, RedisAccess {
    private final RedisConfig config;
    private final RedisUrl url;
    private final EmbeddedRedis embedded;
    private final RedisConnector connector;
    /** The load's client: {@link #connector} itself, or a second client through the run's fault proxy. */
    private final RedisConnector loadConnector;
    private final StatefulConnection<String, String> monitorConnection;
    private final ServerView view;
    private final SessionContext context;
    private final String serverLine;
    private final Map<String, Object> description = new LinkedHashMap<>();

    private RedisTarget(RedisConfig config, RedisUrl url, EmbeddedRedis embedded, RedisConnector connector, RedisConnector loadConnector,
                        StatefulConnection<String, String> monitorConnection, SessionContext context, String serverLine) {
        this.config = config;
        this.url = url;
        this.embedded = embedded;
        this.connector = connector;
        this.loadConnector = loadConnector;
        this.monitorConnection = monitorConnection;
        this.view = new ServerView(monitorConnection, RedisConnector.sync(monitorConnection));
        this.context = context;
        this.serverLine = serverLine;
        description.put("redis", embedded != null ? "embedded Redis on 127.0.0.1:" + embedded.port() + " (" + embedded.which()
                + "; temporary)" : url.redacted());
        description.put("redis_server", serverLine);
        description.put("redis_key_prefix", config.keyPrefix());
    }

    static RedisTarget open(RedisConfig config, SessionContext ctx) throws TargetUnreachableException {
        EmbeddedRedis embedded = null;
        RedisConnector connector = null;
        try {
            RedisUrl url;
            if (config.url() == null) {
                try {
                    embedded = EmbeddedRedis.start();
                } catch (IOException | RuntimeException e) {
                    throw new TargetUnreachableException("the embedded Redis did not start: " + Secrets.redact(e.getMessage())
                            + "; set REDIS_URL to use your own server", e);
                }
                ctx.out().println("No REDIS_URL set: started an embedded Redis on 127.0.0.1:" + embedded.port() + " using "
                        + embedded.which() + " (temporary, stopped after the run).");
                ctx.out().flush();
                url = RedisUrl.parse(embedded.url(), "the embedded server");
            } else {
                url = RedisUrl.parse(config.url(), "redis.url");
            }
            connector = RedisConnector.create(url, config.cluster(), config.timeout());
            StatefulConnection<String, String> mon;
            try {
                mon = connector.connect();
            } catch (RuntimeException e) {
                throw rethrow(RedisErrors.atConnect(e, url));
            }
            String server;
            try {
                server = preflight(RedisConnector.sync(mon), url, config);
            } catch (RuntimeException | TargetUnreachableException e) {
                mon.close();
                throw e;
            }
            ctx.out().println("Redis: " + url.redacted() + " (" + server + "); Stampede writes only keys starting with '" + config.keyPrefix() + "'");
            RedisConnector load = loadThroughProxy(config, url, ctx, connector);
            return new RedisTarget(config, url, embedded, connector, load, mon, ctx, server);
        } catch (RuntimeException | TargetUnreachableException e) {
            if (connector != null) connector.close();
            if (embedded != null) embedded.close();
            throw e;
        }
    }

    /**
     * The load's client: through the fault proxy when a scenario of the run puts faults on this section (plain standalone
     * servers only: a cluster's answers name the real servers, which the proxy cannot stand in for, and see
     * {@link RedisUrl#routable()}; those do not route, and network faults on them are refused before the run), else the
     * monitoring client itself.
     */
    private static RedisConnector loadThroughProxy(RedisConfig config, RedisUrl url, SessionContext ctx, RedisConnector direct) {
        if (config.cluster() || !url.routable()) return direct;
        dev.stampede.core.fault.FaultRoutes.Route route = ctx.routes().route(RedisTargetProvider.NAME, url.uri().getHost(), url.uri().getPort());
        if (!route.proxied()) return direct;
        ctx.out().println("Fault proxy: the load's Redis connections go through " + route.host() + ":" + route.port()
                + " (monitoring connects directly)");
        return RedisConnector.create(url.withAddress(route.host(), route.port()), false, config.timeout());
    }

    private static RuntimeException rethrow(Exception e) throws TargetUnreachableException {
        if (e instanceof TargetUnreachableException t) throw t;
        return (RuntimeException) e;
    }

    /** The checks before any load; returns "Redis 7.0.15, standalone, maxmemory ...". */
    static String preflight(io.lettuce.core.cluster.api.sync.RedisClusterCommands<String, String> redis, RedisUrl url, RedisConfig config)
            throws TargetUnreachableException {
        RedisInfo info;
        try {
            info = RedisInfo.parse(redis.info());
        } catch (RuntimeException e) {
            throw rethrow(RedisErrors.atConnect(e, url));
        }
        if ("1".equals(info.text("loading"))) {
            throw new TargetUnreachableException("Redis at " + url.redacted() + " is loading its dataset into memory (LOADING); wait until "
                    + "INFO persistence shows loading:0 and run again", null);
        }
        if ("1".equals(info.text("cluster_enabled")) && !config.cluster()) {
            throw new ConfigException("Redis at " + url.redacted() + " is a Redis Cluster node: keys on other nodes would answer MOVED; "
                    + "set redis.topology: cluster (--set redis.topology=cluster) to use Lettuce's cluster client");
        }
        if ("slave".equals(info.text("role")) || "replica".equals(info.text("role"))) {
            throw new ConfigException("Redis at " + url.redacted() + " is a read-only replica (role " + info.text("role") + "; writes answer "
                    + "READONLY); point REDIS_URL at the master, or use redis-sentinel://host:26379/db#master to find it");
        }
        String probe = config.keyPrefix() + "probe:" + ProcessHandle.current().pid();
        try {
            redis.psetex(probe, 10_000, "1");
            redis.unlink(probe);
        } catch (RedisCommandExecutionException e) {
            String m = Secrets.redact(e.getMessage());
            switch (RedisErrors.replyClass(m).code()) {
                case "redis-moved" -> throw new ConfigException("Redis at " + url.redacted() + " answered " + m + ": it is a cluster; set "
                        + "redis.topology: cluster");
                case "redis-readonly" -> throw new ConfigException("Redis at " + url.redacted() + " refuses writes (" + m + "); point "
                        + "REDIS_URL at the master");
                case "redis-loading" -> throw new TargetUnreachableException("Redis at " + url.redacted() + " is loading its dataset ("
                        + m + "); wait and run again", e);
                case "redis-oom" -> throw new ConfigException("Redis at " + url.redacted() + " is full (" + m + "): maxmemory is reached "
                        + "with policy noeviction; free memory or raise maxmemory before testing");
                case "redis-auth" -> throw new ConfigException("Redis at " + url.redacted() + " does not let this user write keys under '"
                        + config.keyPrefix() + "' (" + m + "); grant the ACL user ~" + config.keyPrefix() + "* and +@write");
                default -> throw new ConfigException("Redis at " + url.redacted() + " refused a test write under '" + config.keyPrefix()
                        + "': " + m);
            }
        } catch (RuntimeException e) {
            throw rethrow(RedisErrors.atConnect(e, url));
        }
        String mode = info.text("redis_mode") == null ? "standalone" : info.text("redis_mode");
        long max = info.count("maxmemory");
        return "Redis " + info.text("redis_version") + ", " + mode + ", database " + url.database() + ", maxmemory "
                + (max == 0 ? "not set" : max + " bytes") + " (" + info.text("maxmemory_policy") + ")";
    }

    @Override public String name() { return RedisTargetProvider.NAME; }

    @Override public Map<String, Object> describe() { return description; }

    @Override
    public ScenarioScope begin(ScenarioUse use) throws Exception {
        return RedisScenarioScope.begin(this, use);
    }

    RedisConfig config() { return config; }

    RedisUrl url() { return url; }

    /** The load's client (through the fault proxy when the run faults Redis), for other targets' workloads too. */
    @Override public RedisConnector connector() { return loadConnector; }

    @Override public String keyPrefix() { return config.keyPrefix(); }

    /** The client of the load's connections (through the fault proxy when the run faults Redis). */

    ServerView view() { return config.monitors() ? view : null; }

    SessionContext context() { return context; }

    boolean embedded() { return embedded != null; }

    int database() { return url.database(); }

    String serverLine() { return serverLine; }

    /** Removes every key of Stampede's prefix (its own keys only). */
    void cleanOwnKeys() {
        cleanPrefix(config.keyPrefix());
    }

    void cleanPrefix(String prefix) {
        if (!prefix.startsWith(config.keyPrefix())) throw new IllegalArgumentException("not under Stampede's prefix: " + prefix);
        KeyCleaner.clean(view.commands(), prefix);
    }

    /** Embedded server only: maxmemory (bytes, 0 for none) with allkeys-lru, for the eviction scenario. */
    void setEmbeddedMaxmemory(long bytes) {
        if (embedded == null) throw new IllegalStateException("server settings are changed only on the embedded Redis");
        view.commands().configSet("maxmemory-policy", bytes > 0 ? "allkeys-lru" : "noeviction");
        view.commands().configSet("maxmemory", Long.toString(bytes));
    }

    @Override
    public void close() {
        try {
            monitorConnection.close();
            if (loadConnector != connector) loadConnector.close();
            connector.close();
        } finally {
            if (embedded != null) embedded.close();
        }
    }
}
