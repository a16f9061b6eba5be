package dev.stampede.postgres;

import com.zaxxer.hikari.HikariPoolMXBean;
import dev.stampede.core.api.Monitor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Connection pool state each interval: active, idle, total, waiting threads, the configured maximum
 * ({@code max}, the pool size actually used for the scenario) and the largest totals seen so far
 * ({@code peak_total}: connections the pool really held, which stays below {@code max} when the server
 * refused connections; {@code peak_active}). Peaks are sampled, so a burst shorter than the interval
 * may be missed. Every series is a gauge (the peaks are running maxima, not counts); no counters.
 * HikariCP's numbers are read without locks, a consistent-enough snapshot.
 *
 * <p>Thread-safety: sampled by the engine's single sampler thread only.
 */
final class PoolMonitor implements Monitor {
    private final HikariPoolMXBean pool;
    private final int max;
    private int peakTotal;
    private int peakActive;

    PoolMonitor(HikariPoolMXBean pool, int max) {
        this.pool = pool;
        this.max = max;
    }

    @Override public String name() { return "pool"; }

    @Override
    public Map<String, Double> sample() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("max", (double) max);
        if (pool == null) return m;
        int active = pool.getActiveConnections(), total = pool.getTotalConnections();
        peakTotal = Math.max(peakTotal, total);
        peakActive = Math.max(peakActive, active);
        m.put("active", (double) active);
        m.put("idle", (double) pool.getIdleConnections());
        m.put("total", (double) total);
        m.put("waiting", (double) pool.getThreadsAwaitingConnection());
        m.put("peak_total", (double) peakTotal);
        m.put("peak_active", (double) peakActive);
        return m;
    }
}
