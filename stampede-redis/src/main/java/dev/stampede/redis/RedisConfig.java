package dev.stampede.redis;

import dev.stampede.core.config.Durations;
import dev.stampede.core.target.TargetSettings;
import dev.stampede.core.util.Secrets;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code redis} section: where Redis is and how the Redis workloads load it. Immutable. The URL may hold a
 * password: print it only through {@link RedisUrl#redacted()} or {@link Secrets}.
 *
 * @param url          {@code redis://}, {@code rediss://} or {@code redis-sentinel://}; null for the embedded default
 * @param cluster      talk to a Redis Cluster through Lettuce's cluster client ({@code topology: cluster})
 * @param cacheTimeout TTL of cache-aside entries (REDIS_CACHE_TIMEOUT, seconds)
 * @param keyPrefix    every key Stampede writes starts with it; {@code stampede clean} removes only these
 * @param connections  Lettuce connections per scenario; 0 sizes it to the scenario (one per user, at most 8)
 * @param pipeline     commands each attempt sends back to back before waiting (1: none)
 * @param valueSize    bytes per value the {@code redis} workload writes
 * @param keySpace     distinct keys per command family of the {@code redis} workload
 * @param commands     weights of the {@code redis} workload's commands, by command name
 * @param popularity   how keys are chosen: uniform, zipfian or hotset
 * @param zipfExponent skew of {@code zipfian}
 * @param hotFraction  hotset: share of the keys that are hot
 * @param hotAccess    hotset: share of the accesses that go to hot keys
 * @param writeMode    cache-aside writes: invalidate (UPDATE then UNLINK) or write-through (UPDATE then SET)
 * @param warmStart    cache-aside: load every entry before the load (false: start with an empty cache)
 * @param source       cache-aside: which PostgreSQL workload's data is cached (game or financial)
 * @param timeout      per-command client timeout
 * @param monitors     sample INFO, SLOWLOG and commandstats during the run
 */
public record RedisConfig(String url, boolean cluster, Duration cacheTimeout, String keyPrefix, int connections, int pipeline,
                          int valueSize, int keySpace, Map<String, Double> commands, Popularity popularity, double zipfExponent,
                          double hotFraction, double hotAccess, WriteMode writeMode, boolean warmStart, String source,
                          Duration timeout, boolean monitors) implements TargetSettings {

    /** How keys are drawn. */
    public enum Popularity { UNIFORM, ZIPFIAN, HOTSET }

    /** What a cache-aside write does to the cache after the database commit. */
    public enum WriteMode { INVALIDATE, WRITE_THROUGH }

    /** The {@code redis} workload's default mix: mostly GET and SET, a little of every other command. */
    public static final Map<String, Double> DEFAULT_COMMANDS = defaults();

    private static Map<String, Double> defaults() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("GET", 50.0);
        m.put("SET", 30.0);
        for (String c : new String[]{"MGET", "INCR", "HSET", "HGET", "LPUSH", "RPOP", "ZADD", "ZRANGE", "EXPIRE"}) m.put(c, 2.0);
        return java.util.Collections.unmodifiableMap(m);
    }

    public RedisConfig {
        commands = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(commands));
    }

    @Override public boolean configured() { return url != null; }

    @Override
    public Map<String, Object> echo() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", url == null ? "(embedded)" : Secrets.redact(url));
        if (cluster) m.put("topology", "cluster");
        m.put("cache_timeout", Durations.format(cacheTimeout));
        m.put("key_prefix", keyPrefix);
        m.put("connections", connections == 0 ? "one per user, at most 8" : connections);
        m.put("pipeline", pipeline);
        m.put("value_size", valueSize);
        m.put("key_space", keySpace);
        m.put("commands", commands);
        m.put("popularity", popularity.name().toLowerCase(java.util.Locale.ROOT));
        if (popularity == Popularity.ZIPFIAN) m.put("zipf_exponent", zipfExponent);
        if (popularity == Popularity.HOTSET) {
            m.put("hot_fraction", hotFraction);
            m.put("hot_access", hotAccess);
        }
        m.put("write_mode", writeMode.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        m.put("start", warmStart ? "warm" : "cold");
        m.put("source", source);
        m.put("timeout", Durations.format(timeout));
        m.put("monitors", monitors);
        return m;
    }

    /** Connections for a scenario of {@code users}. */
    public int connectionsFor(int users) {
        return connections > 0 ? connections : Math.max(1, Math.min(users, 8));
    }

    /** The same settings with another value size, key space, command mix or pipelining (a suite scenario's own). */
    public RedisConfig with(int newValueSize, int newKeySpace, Map<String, Double> newCommands, int newPipeline) {
        return new RedisConfig(url, cluster, cacheTimeout, keyPrefix, connections, newPipeline, newValueSize, newKeySpace,
                newCommands, popularity, zipfExponent, hotFraction, hotAccess, writeMode, warmStart, source, timeout, monitors);
    }

    @Override
    public String toString() {
        return "RedisConfig[url=" + (url == null ? "embedded" : Secrets.redact(url)) + ", prefix=" + keyPrefix + "]";
    }
}
