package dev.stampede.redis;

import dev.stampede.core.api.ErrorClass;
import dev.stampede.core.api.TargetUnreachableException;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.config.ConfigSection;
import dev.stampede.core.config.ScenarioSpec;
import dev.stampede.core.target.ReportSection;
import dev.stampede.core.target.SessionContext;
import dev.stampede.core.target.SuiteCheck;
import dev.stampede.core.target.Target;
import dev.stampede.core.target.TargetProvider;
import dev.stampede.core.target.TargetSettings;
import dev.stampede.core.target.WorkloadType;
import dev.stampede.redis.health.RedisAdvisor;
import dev.stampede.redis.health.RedisSection;
import dev.stampede.redis.workload.RawCommandsWorkload;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Redis as a Stampede target: the {@code redis} section (REDIS_URL, REDIS_CACHE_TIMEOUT), the embedded default,
 * the {@code redis} and {@code cache-aside} workloads, suite {@code cache}, the cache thresholds of seed 000
 * ({@code min_cache_hit_rate}, {@code max_redis_memory_usage_percent}), the Redis section of the reports, and
 * {@code stampede clean} of the key prefix. Stateless; listed in META-INF/services.
 */
public final class RedisTargetProvider implements TargetProvider {
    public static final String NAME = "redis";
    public static final String CACHE_ASIDE = "cache-aside";
    private static final Set<String> KEYS = Set.of("url", "cache_timeout", "topology", "key_prefix", "connections", "pipeline",
            "value_size", "key_space", "commands", "popularity", "zipf_exponent", "hot_fraction", "hot_access", "write_mode", "start",
            "source", "timeout", "monitors");

    @Override public String name() { return NAME; }

    @Override public String section() { return "redis"; }

    @Override public String description() { return "Redis through Lettuce: raw commands and cache-aside in front of PostgreSQL"; }

    @Override
    public Map<String, String> environment() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("REDIS_URL", "url");
        m.put("REDIS_CACHE_TIMEOUT", "cache_timeout");
        return m;
    }

    @Override
    public TargetSettings bind(ConfigSection r) {
        r.allowOnly(KEYS);
        String url = r.string("url", null);
        if (url != null && url.isBlank()) url = null;
        if (url != null) RedisUrl.parse(url, r.tree().origin(r.full("url")));
        String topology = r.string("topology", "standalone").toLowerCase(Locale.ROOT);
        if (!topology.equals("standalone") && !topology.equals("cluster")) {
            throw r.bad("topology", r.raw().get("topology"), "standalone or cluster (Sentinel is chosen by a redis-sentinel:// URL)");
        }
        String prefix = r.string("key_prefix", "stampede:");
        if (prefix.isEmpty() || prefix.chars().anyMatch(Character::isWhitespace)) {
            throw r.bad("key_prefix", r.raw().get("key_prefix"), "a non-empty prefix without spaces, such as stampede:");
        }
        Map<String, Double> commands = new LinkedHashMap<>();
        if (r.has("commands")) {
            ConfigSection c = r.child("commands");
            c.allowOnly(new java.util.HashSet<>(RawCommandsWorkload.COMMANDS));
            c.raw().fieldNames().forEachRemaining(k -> commands.put(k, c.number(k, 0.0, 0, 1e6)));
            if (commands.values().stream().noneMatch(w -> w > 0)) {
                throw r.bad("commands", r.raw().get("commands"), "a mapping with at least one positive weight, such as {GET: 80, SET: 20}");
            }
        } else {
            commands.putAll(RedisConfig.DEFAULT_COMMANDS);
        }
        String start = r.string("start", "cold").toLowerCase(Locale.ROOT);
        if (!start.equals("cold") && !start.equals("warm")) throw r.bad("start", r.raw().get("start"), "cold or warm");
        String source = r.string("source", "game").toLowerCase(Locale.ROOT);
        if (!source.equals("game") && !source.equals("financial")) {
            throw r.bad("source", r.raw().get("source"), "game (the PostgreSQL game workload's players) or financial (the financial "
                    + "workload's users, cached as their submissions summary)");
        }
        return new RedisConfig(url, topology.equals("cluster"), r.duration("cache_timeout", Duration.ofSeconds(3600), 1, false), prefix,
                r.integer("connections", 0, 0, 10_000), r.integer("pipeline", 1, 1, 10_000), r.integer("value_size", 100, 1, 64 * 1024 * 1024),
                r.integer("key_space", 10_000, 1, Integer.MAX_VALUE - 1), commands,
                r.enumValue("popularity", RedisConfig.Popularity.class, RedisConfig.Popularity.ZIPFIAN),
                r.number("zipf_exponent", 0.99, 0.01, 10), r.number("hot_fraction", 0.2, 0.0001, 1), r.number("hot_access", 0.8, 0, 1),
                r.enumValue("write_mode", RedisConfig.WriteMode.class, RedisConfig.WriteMode.INVALIDATE), start.equals("warm"), source,
                r.duration("timeout", Duration.ofSeconds(10), 1, false), r.bool("monitors", true));
    }

    @Override
    public List<WorkloadType> workloads() {
        return List.of(new WorkloadType("redis", "raw Redis commands by weight (GET SET MGET INCR HSET HGET LPUSH RPOP ZADD ZRANGE EXPIRE), "
                        + "value size, key space, pipelining"),
                new WorkloadType(CACHE_ASIDE, "reads from Redis first, a miss queries PostgreSQL (game players, or financial users with redis.source: financial) and SETs with a TTL; "
                        + "writes update PostgreSQL then invalidate or write through", Set.of("postgres")));
    }

    @Override public List<ScenarioSpec> scenarios() { return CacheSuite.scenarios(); }

    @Override public Map<String, List<String>> scenarioSets() { return Map.of(CacheSuite.NAME, CacheSuite.names()); }

    @Override public List<SuiteCheck> suiteChecks() { return List.of(CacheSuite::scaling); }

    @Override public List<ReportSection> reportSections() { return List.of(new RedisSection()); }

    @Override public List<ErrorClass> errorClasses() { return RedisErrors.ALL; }

    @Override public Set<String> thresholdKeys() { return Set.of(RedisAdvisor.MIN_HIT_RATE, RedisAdvisor.MAX_MEMORY_PERCENT); }

    @Override
    public Target open(TargetSettings settings, SessionContext context) throws TargetUnreachableException {
        return RedisTarget.open((RedisConfig) settings, context);
    }

    @Override
    public int clean(TargetSettings settings, PrintWriter out) throws Exception {
        RedisConfig c = (RedisConfig) settings;
        if (c.url() == null) {
            out.println("redis: no REDIS_URL set, nothing to clean (the embedded Redis is temporary and stopped after each run).");
            return 0;
        }
        RedisUrl url = RedisUrl.parse(c.url(), "redis.url");
        try (RedisConnector connector = RedisConnector.create(url, c.cluster(), c.timeout())) {
            StatefulConnection<String, String> conn;
            try {
                conn = connector.connect();
            } catch (RuntimeException e) {
                Exception mapped = RedisErrors.atConnect(e, url);
                if (mapped instanceof TargetUnreachableException t) throw t;
                throw (RuntimeException) mapped;
            }
            try {
                long removed = 0;
                if (conn instanceof StatefulRedisClusterConnection<String, String> cc) {
                    for (RedisClusterNode n : cc.getPartitions()) {
                        if (n.is(RedisClusterNode.NodeFlag.UPSTREAM)) removed += KeyCleaner.cleanEach(cc.getConnection(n.getNodeId()).sync(), c.keyPrefix());
                    }
                } else {
                    removed = KeyCleaner.clean(RedisConnector.sync(conn), c.keyPrefix());
                }
                out.println(removed == 0 ? "redis: nothing to clean under prefix '" + c.keyPrefix() + "' in " + url.redacted() + "."
                        : "redis: unlinked " + removed + " keys under prefix '" + c.keyPrefix() + "' in " + url.redacted() + " (SCAN + UNLINK; "
                        + "no other key touched).");
            } catch (io.lettuce.core.RedisCommandExecutionException e) {
                throw new ConfigException("cannot clean prefix '" + c.keyPrefix() + "' in " + url.redacted() + ": "
                        + dev.stampede.core.util.Secrets.redact(e.getMessage()) + "; the user needs +scan and +unlink on those keys");
            } finally {
                conn.close();
            }
        }
        return 0;
    }
}
