package dev.stampede.postgres.pool;

import dev.stampede.core.api.ErrorClass;
import dev.stampede.core.engine.MonitorSeries;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.host.MemoryTrend;
import dev.stampede.core.metrics.ErrorSummary;
import dev.stampede.core.metrics.IntervalRow;
import dev.stampede.core.metrics.LatencyStats;
import dev.stampede.core.metrics.MetricsCollector;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.postgres.Checkouts;
import dev.stampede.postgres.health.SessionsMonitor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the {@link PoolReport} and {@link LeakReport} of a scenario from what the engine recorded (its per-second
 * series and monitor series), the pool's own state once the load ended and the server's view of the pool's backends.
 * Pure functions of their inputs. Stateless.
 */
public final class PoolFindings {
    /** Intervals with successes in the failure-free stretch at the recovery phase's end that make it "recovered". */
    static final int RECOVERED_INTERVALS = 2;

    private PoolFindings() {
    }

    /** What the pool looked like to one pool-suite scenario. */
    public record PoolState(int max, long timeoutMs, Double maxLifetimeS, double lifetimeVariance, Double idleTimeoutS, int activeAfter,
                            int stillOut) {
    }

    public static PoolReport pool(ScenarioRun run, PoolState pool, SessionsMonitor.BackendHistory backends,
                                  List<KneeFinder.Point> sweep, int cores) {
        String name = run.plan().name();
        OperationSummary all = run.metrics().all();
        LatencyStats a = all.acquire();
        PoolReport.Percentiles acquire = new PoolReport.Percentiles(a.p50Ms(), a.p95Ms(), a.p99Ms(), a.maxMs());
        PoolReport.Exhaustion exhaustion = PoolSuite.exhaustion(name) ? exhaustion(run, pool) : null;
        PoolReport.Recycling recycling = name.equals(PoolSuite.RECYCLING) ? recycling(run, pool, backends) : null;
        PoolReport.Sizing sizing = PoolSuite.sizingSize(name) != null ? sizing(sweep, cores, run.plan().peakConcurrency()) : null;
        return new PoolReport(name, pool.max(), pool.timeoutMs(), pool.maxLifetimeS(), pool.idleTimeoutS(), run.plan().peakConcurrency(),
                acquire, exhaustion, recycling, sizing);
    }

    static PoolReport.Exhaustion exhaustion(ScenarioRun run, PoolState pool) {
        Map<String, List<IntervalRow>> byPhase = new LinkedHashMap<>();
        double recoveryStart = 0;
        for (IntervalRow r : run.metrics().series()) {
            if (!r.operation().equals(MetricsCollector.ALL)) continue;
            if (!r.phase().equals(PoolSuite.RECOVERY_PHASE) && !byPhase.containsKey(PoolSuite.RECOVERY_PHASE)) recoveryStart = r.second();
            byPhase.computeIfAbsent(r.phase(), k -> new ArrayList<>()).add(r);
        }
        List<PoolReport.PhaseCount> phases = new ArrayList<>();
        byPhase.forEach((phase, rows) -> phases.add(new PoolReport.PhaseCount(phase,
                rows.stream().mapToLong(r -> r.ok() + r.failed() + r.unknown()).sum(),
                rows.stream().mapToLong(r -> r.failed() + r.unknown()).sum(),
                rows.stream().mapToDouble(IntervalRow::acquireP95Ms).filter(v -> !Double.isNaN(v)).max().orElse(0))));
        long timeouts = run.metrics().all().errors().stream().filter(e -> e.code().equals(ErrorClass.POOL_TIMEOUT.code()))
                .mapToLong(ErrorSummary::total).sum();
        List<IntervalRow> recovery = byPhase.get(PoolSuite.RECOVERY_PHASE);
        Double recoveredAfter = null;
        boolean recovered = false;
        if (recovery != null && !recovery.isEmpty()) {
            double start = recoveryStart;   // the end of the last interval before the recovery phase's first
            double lastFailure = start;
            for (IntervalRow r : recovery) if (r.failed() + r.unknown() > 0) lastFailure = r.second();
            recoveredAfter = Math.max(0, lastFailure - start);
            int clean = 0;   // intervals with successes in the failure-free stretch at the phase's end
            for (int i = recovery.size() - 1; i >= 0 && recovery.get(i).failed() + recovery.get(i).unknown() == 0; i--) {
                if (recovery.get(i).ok() > 0) clean++;
            }
            recovered = clean >= RECOVERED_INTERVALS;
        }
        return new PoolReport.Exhaustion(phases, timeouts, recoveredAfter, recovered, pool.stillOut(), pool.activeAfter());
    }

    static PoolReport.Recycling recycling(ScenarioRun run, PoolState pool, SessionsMonitor.BackendHistory b) {
        int poolPeak = (int) max(run, "pool", "peak_total");
        if (b == null) {
            return new PoolReport.Recycling(0, 0, 0, 0, 0, poolPeak, poolPeak <= pool.max(),
                    "database monitoring is off (database.monitors): the server's view of the backends was not read");
        }
        int lifetime = lifetimeRetired(b, pool.maxLifetimeS(), pool.lifetimeVariance());
        String note = null;
        if (pool.maxLifetimeS() != null && run.elapsedSeconds() < pool.maxLifetimeS()) {
            note = String.format(java.util.Locale.ROOT, "the scenario ran %.0f s, shorter than the %.0f s max lifetime: no connection could "
                    + "reach it (run without --time-scale, or with one of at least 1)", run.elapsedSeconds(), pool.maxLifetimeS());
        }
        return new PoolReport.Recycling(b.distinct(), b.ended(), lifetime, b.ended() - lifetime, b.peak(), poolPeak,
                b.peak() <= pool.max() && poolPeak <= pool.max(), note);
    }

    /**
     * Ended backends retired by the max lifetime: those old enough, by the first sample that no longer saw them, to be
     * in its retirement window, which starts {@code variance} of it short of it (the pool's
     * {@link dev.stampede.postgres.PgTarget#lifetimeVariance()}: HikariCP 7 retires each connection at a random age in
     * the last quarter of its max lifetime). Judged by the age
     * at that first sample, because the last-seen age can be seconds short of the end when samples are far apart on a
     * loaded machine. None without a max lifetime.
     */
    static int lifetimeRetired(SessionsMonitor.BackendHistory b, Double maxLifetimeS, double variance) {
        if (maxLifetimeS == null) return 0;
        double windowStart = (1 - variance) * maxLifetimeS;
        int n = 0;
        for (double age : b.goneAgesS()) if (age >= windowStart) n++;
        return n;
    }

    static PoolReport.Sizing sizing(List<KneeFinder.Point> sweep, int cores, int users) {
        KneeFinder.Knee k = KneeFinder.find(sweep, KneeFinder.TOLERANCE);
        List<PoolReport.RuleOfThumb> rules = List.of(
                new PoolReport.RuleOfThumb("cores x 2 + spindles", cores * 2 + 1,
                        cores + " cores of the generator's host (the server's when it runs here) and 1 spindle (an SSD counts as one)"),
                new PoolReport.RuleOfThumb("one per user", users, "the default: no user ever waits for a connection"));
        return new PoolReport.Sizing(k.points(), k.recommended(), k.plateau(), k.reason(), rules);
    }

    /** The sizing point a finished sizing scenario adds to the sweep, or null when it is not one or did no work. */
    public static KneeFinder.Point sizingPoint(ScenarioRun run) {
        Integer size = PoolSuite.sizingSize(run.plan().name());
        OperationSummary all = run.metrics().all();
        if (size == null || all.ok() == 0) return null;
        return new KneeFinder.Point(size, all.throughputPerSec(), all.latency().p99Ms());
    }

    /** The leak and memory report of a scenario the workload drove. */
    public static LeakReport leaks(ScenarioRun run, Checkouts checkouts, int activeAfter, double memoryLimitMb) {
        Map<String, Long> count = new LinkedHashMap<>();
        Map<String, Double> longest = new LinkedHashMap<>();
        checkouts.longByOperation().forEach((op, l) -> {
            count.put(op, l.count());
            longest.put(op, l.longestSeconds());
        });
        List<LeakReport.Held> out = checkouts.stillOut().stream()
                .map(o -> new LeakReport.Held(o.operation(), o.heldSeconds(), o.kind())).toList();
        Map<String, Double> apps = new LinkedHashMap<>();
        for (MonitorSeries s : run.monitors()) {
            if (!s.monitor().equals("pg_sessions")) continue;
            for (MonitorSeries.Point p : s.points()) {
                p.values().forEach((k, v) -> {
                    if (k.startsWith("app.")) apps.merge(k.substring(4), v, Math::max);
                });
            }
        }
        double fromSecond = measuredStart(run);
        List<MemoryTrend> memory = new ArrayList<>();
        for (MonitorSeries s : run.monitors()) {
            if (s.monitor().equals("generator") || s.monitor().startsWith("process_")) {
                MemoryTrend t = MemoryTrend.of(s, "rss_mb", fromSecond, memoryLimitMb);
                if (t != null) memory.add(t);
            }
        }
        return new LeakReport(checkouts.thresholdNanos() / 1e9, checkouts.total(), count, longest, out, activeAfter,
                nanToNull(max(run, "pg_activity", "idle_in_transaction")), nanToNull(max(run, "pg_activity", "oldest_idle_in_transaction_s")),
                apps, memory);
    }

    /** Seconds since the scenario's start at which its first recorded phase began (0 without a warm-up). */
    static double measuredStart(ScenarioRun run) {
        Set<String> unrecorded = run.plan().phases().stream().filter(p -> !p.recorded()).map(PhasePlan::name).collect(Collectors.toSet());
        double from = 0;
        for (IntervalRow r : run.metrics().series()) if (unrecorded.contains(r.phase())) from = Math.max(from, r.second());
        return from;
    }

    /** The largest value of {@code series} of {@code monitor} over the scenario; NaN when it was never read. */
    static double max(ScenarioRun run, String monitor, String series) {
        double m = Double.NaN;
        for (MonitorSeries s : run.monitors()) {
            if (!s.monitor().equals(monitor)) continue;
            for (MonitorSeries.Point p : s.points()) {
                Double v = p.values().get(series);
                if (v != null && (Double.isNaN(m) || v > m)) m = v;
            }
        }
        return m;
    }

    private static Double nanToNull(double v) { return Double.isNaN(v) ? null : v; }
}
