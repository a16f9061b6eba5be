package dev.stampede.redis.health;

import dev.stampede.core.advisor.Recommendation;
import dev.stampede.core.config.Thresholds;
import dev.stampede.core.verdict.MetricVerdict;
import dev.stampede.core.verdict.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Verdicts and advice from a scenario's {@link RedisReport}: the cache hit rate against {@code min_cache_hit_rate}
 * (seed 000's 0.8 by default, rated by its bands) and memory usage against {@code max_redis_memory_usage_percent}
 * (80); advice only with evidence: a low hit rate with its likely cause (evictions, expiries shorter than the
 * re-access interval, invalidation churn), stale reads, hot keys, big values, slow log offenders, memory near
 * maxmemory under noeviction, and client latency far above the server's time per call. Stateless.
 */
public final class RedisAdvisor {
    public static final String MIN_HIT_RATE = "min_cache_hit_rate";
    public static final String MAX_MEMORY_PERCENT = "max_redis_memory_usage_percent";
    static final double DEFAULT_MIN_HIT_RATE = 0.8, DEFAULT_MAX_MEMORY_PERCENT = 80;

    private RedisAdvisor() {
    }

    /** Seed 000's cache hit rate bands: Excellent > 90 %, Good 80-90 %, Acceptable 70-80 %, Poor below. */
    static String rating(double rate) {
        return rate > 0.9 ? "Excellent" : rate >= 0.8 ? "Good" : rate >= 0.7 ? "Acceptable" : "Poor";
    }

    public static List<MetricVerdict> verdicts(RedisReport r, Thresholds t, boolean judgeMemory) {
        List<MetricVerdict> out = new ArrayList<>();
        if (r.clientHitRate() != null) {
            double min = t.targetLimits().getOrDefault(MIN_HIT_RATE, DEFAULT_MIN_HIT_RATE);
            double rate = r.clientHitRate();
            out.add(new MetricVerdict("cache_hit_rate", "Cache hit rate (client)", rate, "ratio", min, ">=",
                    rate >= min ? Status.PASSED : Status.FAILED, rating(rate),
                    f("%d hits, %d misses%s", r.clientHits(), r.clientMisses(), r.hitRateCheck() == null ? "" : "; " + r.hitRateCheck())));
        }
        if (judgeMemory && r.memoryUsagePercent() != null) {
            double max = t.targetLimits().getOrDefault(MAX_MEMORY_PERCENT, DEFAULT_MAX_MEMORY_PERCENT);
            double pct = r.memoryUsagePercent();
            out.add(new MetricVerdict("redis_memory_usage_percent", "Redis memory usage of maxmemory", pct, "%", max, "<=",
                    pct <= max ? Status.PASSED : Status.FAILED, null, f("used %d of %d bytes, policy %s", r.usedMemoryBytes(),
                    r.maxmemoryBytes(), r.maxmemoryPolicy())));
        }
        return out;
    }

    public static List<Recommendation> advise(RedisReport r, Thresholds t, long cacheWrites, long ttlSeconds, double measuredSeconds) {
        List<Recommendation> out = new ArrayList<>();
        double min = t.targetLimits().getOrDefault(MIN_HIT_RATE, DEFAULT_MIN_HIT_RATE);
        if (r.clientHitRate() != null && r.clientHitRate() < min) {
            String cause;
            String action;
            if (r.evictedKeys() > 0) {
                cause = f("Redis evicted %d keys in the window (maxmemory %d bytes, policy %s): the key space does not fit in memory",
                        r.evictedKeys(), r.maxmemoryBytes(), r.maxmemoryPolicy());
                action = "raise maxmemory, shrink the values, or cache fewer keys (only the hot set)";
            } else if (r.expiredKeys() > 0 && ttlSeconds < measuredSeconds) {
                cause = f("%d keys expired in the window with a TTL of %d s: entries expire before they are read again", r.expiredKeys(), ttlSeconds);
                action = "lengthen the TTL (REDIS_CACHE_TIMEOUT) to beyond the keys' re-access interval";
            } else if (cacheWrites > 0 && cacheWrites * 5 >= r.clientMisses()) {
                cause = f("%d writes invalidated entries against %d misses: invalidation churn", cacheWrites, r.clientMisses());
                action = "write through instead of invalidating (redis.write_mode: write-through), or cache data that changes less often";
            } else {
                cause = f("%d misses against %d hits with no evictions or expiries: a cold cache still filling, or a key space read too evenly",
                        r.clientMisses(), r.clientHits());
                action = "warm the cache before traffic (redis.start: warm) or run longer; check the key distribution";
            }
            out.add(new Recommendation("high", "Cache hit rate below " + f("%.0f %%", min * 100),
                    f("client hit rate %.1f %%; ", r.clientHitRate() * 100) + cause, action));
        }
        if (r.staleReads() > 0) {
            out.add(new Recommendation("medium", "Stale cache reads", f("%d of %d hits returned a value older than the last committed write",
                    r.staleReads(), r.checkedHits()), "in invalidate mode a reader's SET of an old row can land after the writer's UNLINK: "
                    + "use write-through with versioned values, or a short TTL on entries filled from the database"));
        }
        r.hotKeys().entrySet().stream().filter(e -> e.getValue() >= 0.05).findFirst().ifPresent(e -> out.add(new Recommendation("low",
                "Hot key", f("%s took %.1f %% of sampled cache reads", e.getKey(), e.getValue() * 100),
                "a single hot key lands on one Redis thread (and one cluster node): replicate it locally (client-side cache) or shard it")));
        r.sampledKeyBytes().entrySet().stream().filter(e -> e.getValue() > 100_000).findFirst().ifPresent(e -> out.add(new Recommendation(
                "medium", "Big values", f("%s uses %d bytes (MEMORY USAGE)", e.getKey(), e.getValue()),
                "big values block Redis's single thread while they are copied: split them or compress them")));
        if (!r.slowlog().isEmpty()) {
            ServerView.SlowEntry worst = r.slowlog().stream().max((a, b) -> Long.compare(a.micros(), b.micros())).orElseThrow();
            out.add(new Recommendation("medium", "Slow log entries during the run", f("%d entries; slowest %d µs: %s", r.slowlog().size(),
                    worst.micros(), worst.command()), "avoid O(N) commands on big keys in the request path (KEYS, big MGET/ZRANGE/HGETALL)"));
        }
        if (r.memoryUsagePercent() != null && r.memoryUsagePercent() >= 90 && "noeviction".equals(r.maxmemoryPolicy())) {
            out.add(new Recommendation("high", "Memory near maxmemory with noeviction", f("used %.1f %% of maxmemory, policy noeviction: "
                    + "writes will fail with OOM", r.memoryUsagePercent()), "set maxmemory-policy allkeys-lru (or volatile-lru) for a cache, or raise maxmemory"));
        }
        for (RedisReport.CommandRow c : r.commandStats()) {
            if (c.clientMeanMs() == null || c.calls() < 100) continue;
            double serverMs = c.serverMicrosPerCall() / 1000;
            if (c.clientMeanMs() > 1.0 && c.clientMeanMs() > 20 * serverMs) {
                out.add(new Recommendation("medium", "Client latency far above Redis's own time", f("%s: client mean %.3f ms, server %.1f µs per call",
                        c.command(), c.clientMeanMs(), c.serverMicrosPerCall()), "the time is spent in the network or a saturated client: "
                        + "check the round trip, the client's CPU, and pipeline or batch commands"));
                break;
            }
        }
        return out;
    }

    private static String f(String format, Object... args) { return String.format(Locale.ROOT, format, args); }

    static Map<String, Double> none() { return Map.of(); }
}
