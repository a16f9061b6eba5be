package dev.stampede.redis.health;

import dev.stampede.core.api.Monitor;
import dev.stampede.redis.RedisInfo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Redis's INFO on the run's interval clock: counters (keyspace hits and misses, evicted and expired keys, commands
 * processed, rejected connections) as totals since this monitor's first sample, gauges (used memory, clients,
 * fragmentation, memory usage against maxmemory when one is set) as read. Sampler thread only.
 */
public final class RedisMonitor implements Monitor {
    static final String[] COUNTERS = {"keyspace_hits", "keyspace_misses", "evicted_keys", "expired_keys",
            "total_commands_processed", "rejected_connections"};
    private final ServerView view;
    private Map<String, Double> first;

    public RedisMonitor(ServerView view) {
        this.view = view;
    }

    @Override public String name() { return "redis"; }

    @Override
    public Map<String, Double> sample() {
        RedisInfo i;
        try {
            i = view.info();
        } catch (RuntimeException e) {
            return Map.of();
        }
        Map<String, Double> m = new LinkedHashMap<>();
        if (first == null) {
            first = new LinkedHashMap<>();
            for (String c : COUNTERS) first.put(c, i.number(c, 0));
        }
        for (String c : COUNTERS) m.put(c, i.number(c, 0) - first.get(c));
        m.put("used_memory_mb", i.number("used_memory", 0) / (1024.0 * 1024));
        m.put("connected_clients", i.number("connected_clients", 0));
        m.put("blocked_clients", i.number("blocked_clients", 0));
        m.put("mem_fragmentation_ratio", i.number("mem_fragmentation_ratio", 0));
        double max = i.number("maxmemory", 0);
        if (max > 0) m.put("memory_usage_percent", 100.0 * i.number("used_memory", 0) / max);
        return m;
    }

    @Override
    public Set<String> counters() { return Set.of(COUNTERS); }
}
