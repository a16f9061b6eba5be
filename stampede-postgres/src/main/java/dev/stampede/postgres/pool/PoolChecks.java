package dev.stampede.postgres.pool;

import dev.stampede.core.advisor.Recommendation;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.host.MemoryTrend;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.core.verdict.MetricVerdict;
import dev.stampede.core.verdict.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The verdicts and advice of the pool suite and of the leak report: seed 002's limits for its normal and high loads,
 * exhaustion's recovery and leaks, recycling's size limit, the sizing sweep's recommendation (a check across scenarios),
 * connections kept out too long or never returned, and memory that keeps growing. Stateless.
 */
public final class PoolChecks {
    /** Threshold key: resident memory growth over a scenario that is flagged (MB; seed 002: 50). */
    public static final String MAX_MEMORY_GROWTH_MB = "max_memory_growth_mb";
    public static final double DEFAULT_MAX_MEMORY_GROWTH_MB = 50;

    private PoolChecks() {
    }

    /** Seed 002's limits: normal load error rate < 1 %, mean < 100 ms, p95 < 200 ms; high load < 5 %, mean < 500 ms. */
    public static List<MetricVerdict> seedLimits(ScenarioRun run) {
        OperationSummary all = run.metrics().all();
        List<MetricVerdict> out = new ArrayList<>();
        String name = run.plan().name();
        if (name.equals(PoolSuite.NORMAL)) {
            out.add(below("pool_normal_error_rate", "Seed 002 normal load: error rate", all.errorRate() * 100, "%", 1));
            out.add(below("pool_normal_mean_ms", "Seed 002 normal load: mean response", all.latency().meanMs(), "ms", 100));
            out.add(below("pool_normal_p95_ms", "Seed 002 normal load: p95 response", all.latency().p95Ms(), "ms", 200));
        } else if (name.equals(PoolSuite.HIGH)) {
            out.add(below("pool_high_error_rate", "Seed 002 high load: error rate", all.errorRate() * 100, "%", 5));
            out.add(below("pool_high_mean_ms", "Seed 002 high load: mean response", all.latency().meanMs(), "ms", 500));
        }
        return out;
    }

    private static MetricVerdict below(String metric, String label, double value, String unit, double limit) {
        boolean ok = value < limit;
        return new MetricVerdict(metric, label, value, unit, limit, "<=", ok ? Status.PASSED : Status.FAILED, null,
                f("%.2f %s %s the limit of %.0f %s", value, unit, ok ? "is under" : "is not under", limit, unit));
    }

    public static List<MetricVerdict> pool(PoolReport r) {
        List<MetricVerdict> out = new ArrayList<>();
        if (r.exhaustion() != null) {
            PoolReport.Exhaustion e = r.exhaustion();
            out.add(new MetricVerdict("pool_exhaustion_timeouts", "Pool exhaustion: attempts that timed out waiting for a connection",
                    e.poolTimeouts(), "attempts", null, ">=", Status.PASSED, null,
                    f("%d users on %d connections: %d attempts waited longer than %d ms and failed as pool-timeout", r.users(), r.poolSize(),
                            e.poolTimeouts(), r.timeoutMs())));
            if (e.recoveredAfterS() != null) {
                out.add(new MetricVerdict("pool_recovered_after_s", "Pool exhaustion: recovery once the load dropped", e.recoveredAfterS(), "s",
                        null, "<=", e.recovered() ? Status.PASSED : Status.FAILED, null, e.recovered()
                        ? f("the recovery phase's last failure ended %.0f s after its start; it ended without failures", e.recoveredAfterS())
                        : "the recovery phase still had failures at its end: the pool did not recover"));
            }
            int leaked = Math.max(e.stillOut(), e.activeAfter());
            out.add(new MetricVerdict("pool_leaked_connections", "Pool exhaustion: connections not returned", leaked, "connections", 0.0, "<=",
                    leaked == 0 ? Status.PASSED : Status.FAILED, null,
                    f("after the load: %d checkouts still out (Stampede's count), %d active (HikariCP's count)", e.stillOut(), e.activeAfter())));
        }
        if (r.recycling() != null) {
            PoolReport.Recycling c = r.recycling();
            out.add(new MetricVerdict("pool_size_limit", "Pool recycling: most connections at once", Math.max(c.serverPeak(), c.poolPeak()),
                    "connections", (double) r.poolSize(), "<=", c.limitKept() ? Status.PASSED : Status.FAILED, null,
                    f("server saw at most %d of the pool's backends at once, the pool %d; limit %d", c.serverPeak(), c.poolPeak(), r.poolSize())));
            boolean seen = c.endedBackends() > 0 && c.distinctBackends() > r.poolSize();
            out.add(new MetricVerdict("pool_recycled_backends", "Pool recycling: backends replaced", c.endedBackends(), "backends", null, ">=",
                    seen || c.note() != null ? Status.PASSED : Status.WARNING, null, c.note() != null ? c.note()
                    : f("%d distinct backend pids, %d ended (%d at the max lifetime, %d earlier: idle timeout)%s", c.distinctBackends(),
                    c.endedBackends(), c.lifetimeRetired(), c.earlierRetired(), seen ? "" : ": no recycling was seen")));
        }
        return out;
    }

    /** Across the run: the sizing sweep's knee, from every pool-sizing scenario that ran. */
    public static List<MetricVerdict> sizing(List<ScenarioRun> runs) {
        List<KneeFinder.Point> pts = new ArrayList<>();
        for (ScenarioRun r : runs) {
            KneeFinder.Point p = PoolFindings.sizingPoint(r);
            if (p != null) pts.add(p);
        }
        if (pts.size() < 2) return List.of();
        KneeFinder.Knee k = KneeFinder.find(pts, KneeFinder.TOLERANCE);
        if (k.recommended() == null) return List.of();
        return List.of(new MetricVerdict("pool_recommended_size", "Pool sizing: recommended pool size (knee of the sweep)", k.recommended(),
                "connections", null, "<=", k.plateau() ? Status.PASSED : Status.WARNING, null, k.reason()));
    }

    public static List<MetricVerdict> leaks(LeakReport r) {
        List<MetricVerdict> out = new ArrayList<>();
        out.add(new MetricVerdict("connections_not_returned", "Connections still checked out after the load", r.stillOut().size(),
                "connections", 0.0, "<=", r.stillOut().isEmpty() ? Status.PASSED : Status.FAILED, null, r.stillOut().isEmpty()
                ? f("all %d checkouts were returned", r.checkouts()) : "still out: " + describe(r.stillOut())));
        long n = r.longCheckouts();
        out.add(new MetricVerdict("long_checkouts", f("Connections checked out longer than %.1f s", r.thresholdS()), n, "checkouts", 0.0, "<=",
                n == 0 ? Status.PASSED : Status.WARNING, null, n == 0 ? f("no checkout of %d was out longer than %.1f s", r.checkouts(), r.thresholdS())
                : "by operation: " + byOperation(r)));
        for (MemoryTrend t : r.memory()) {
            if (Double.isNaN(t.slopeMbPerMin())) continue;
            out.add(new MetricVerdict("memory_growth_" + t.source(), "Resident memory growth of " + t.source(), t.lowerGrowthMb(), "MB",
                    t.limitMb(), "<=", t.flagged() ? Status.WARNING : Status.PASSED, null,
                    f("%.1f MB/min (95%% interval %.1f to %.1f) over %.0f s: at least %.1f MB of growth%s", t.slopeMbPerMin(),
                            t.lowerMbPerMin(), t.upperMbPerMin(), t.windowSeconds(), Math.max(0, t.lowerGrowthMb()),
                            t.flagged() ? ", above the limit: memory keeps growing" : "")));
        }
        return out;
    }

    public static List<Recommendation> advice(LeakReport r) {
        List<Recommendation> out = new ArrayList<>();
        if (!r.stillOut().isEmpty()) {
            out.add(new Recommendation("high", "Connections were not returned to the pool", describe(r.stillOut()),
                    "close every connection in a finally block (try-with-resources); the operations named took them"));
        } else if (r.longCheckouts() > 0) {
            out.add(new Recommendation("medium", "Connections are held longer than the leak threshold", byOperation(r),
                    "shorten the work done while holding a connection, or raise database.leak_threshold if it is expected"));
        }
        for (MemoryTrend t : r.memory()) {
            if (t.flagged()) {
                out.add(new Recommendation("medium", "Memory of " + t.source() + " keeps growing",
                        f("%.1f MB/min, at least %.1f MB over %.0f s (limit %.0f MB)", t.slopeMbPerMin(), t.lowerGrowthMb(), t.windowSeconds(),
                                t.limitMb()), "run longer (endurance) to see whether it plateaus; take a heap histogram of " + t.source()));
            }
        }
        return out;
    }

    private static String describe(List<LeakReport.Held> held) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(5, held.size()); i++) {
            LeakReport.Held h = held.get(i);
            b.append(i == 0 ? "" : "; ").append(f("%s (%s, %.1f s)", h.operation(), h.kind(), h.heldSeconds()));
        }
        if (held.size() > 5) b.append(f("; and %d more", held.size() - 5));
        return b.toString();
    }

    private static String byOperation(LeakReport r) {
        StringBuilder b = new StringBuilder();
        r.longCount().forEach((op, n) -> b.append(b.isEmpty() ? "" : "; ").append(f("%s: %d (longest %.1f s)", op, n, r.longestS().get(op))));
        return b.toString();
    }

    private static String f(String format, Object... args) { return String.format(Locale.ROOT, format, args); }
}
