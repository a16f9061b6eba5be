package dev.stampede.postgres;

import com.zaxxer.hikari.HikariPoolMXBean;
import dev.stampede.core.api.Monitor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Connection pool state each interval: active, idle, total, waiting threads and the maximum size.
 * HikariCP's counters are read without locks, so the values are a consistent-enough snapshot.
 */
final class PoolMonitor implements Monitor {
    private final HikariPoolMXBean pool;
    private final int max;

    PoolMonitor(HikariPoolMXBean pool, int max) {
        this.pool = pool;
        this.max = max;
    }

    @Override public String name() { return "pool"; }

    @Override
    public Map<String, Double> sample() {
        Map<String, Double> m = new LinkedHashMap<>();
        if (pool == null) return m;
        m.put("active", (double) pool.getActiveConnections());
        m.put("idle", (double) pool.getIdleConnections());
        m.put("total", (double) pool.getTotalConnections());
        m.put("waiting", (double) pool.getThreadsAwaitingConnection());
        m.put("max", (double) max);
        return m;
    }
}
