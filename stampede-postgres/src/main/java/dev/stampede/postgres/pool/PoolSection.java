package dev.stampede.postgres.pool;

import dev.stampede.core.target.ReportSection;

import java.util.Locale;

/**
 * The pool suite's section of report.md ({@value PoolReport#KEY}); report.html shows the same text (the default), and
 * report.json carries the {@link PoolReport} as is. Stateless.
 */
public final class PoolSection implements ReportSection {
    @Override public String key() { return PoolReport.KEY; }

    @Override
    public void markdown(Object extra, StringBuilder out) {
        if (!(extra instanceof PoolReport r)) return;
        out.append("\n### Connection pool\n\n");
        out.append(f("Pool of %d connections, %d user%s; acquisition timeout %d ms", r.poolSize(), r.users(), r.users() == 1 ? "" : "s", r.timeoutMs()));
        if (r.maxLifetimeS() != null) out.append(f(", max lifetime %.0f s", r.maxLifetimeS()));
        if (r.idleTimeoutS() != null) out.append(f(", idle timeout %.0f s", r.idleTimeoutS()));
        PoolReport.Percentiles a = r.acquireMs();
        out.append(f(".\n\nAcquisition time (pool wait): p50 %.3f ms, p95 %.3f ms, p99 %.3f ms, max %.3f ms.\n", a.p50(), a.p95(), a.p99(), a.max()));
        if (r.exhaustion() != null) {
            PoolReport.Exhaustion e = r.exhaustion();
            out.append("\n| phase | attempts | failures | worst p95 wait (ms) |\n|---|---:|---:|---:|\n");
            for (PoolReport.PhaseCount p : e.phases()) {
                out.append(f("| %s | %d | %d | %.1f |\n", p.phase(), p.attempts(), p.failures(), p.worstAcquireP95Ms()));
            }
            out.append(f("\nPool timeouts: %d. ", e.poolTimeouts()));
            if (e.recoveredAfterS() != null) {
                out.append(e.recovered() ? f("Recovered %.0f s after the load dropped. ", e.recoveredAfterS())
                        : "Not recovered by the end of the recovery phase. ");
            }
            out.append(f("After the load: %d checkouts still out, %d connections active.\n", e.stillOut(), e.activeAfter()));
        }
        if (r.recycling() != null) {
            PoolReport.Recycling c = r.recycling();
            out.append(f("\nBackends (pg_stat_activity): %d distinct pids, %d ended (%d at the max lifetime, %d earlier); at most %d at once "
                    + "on the server, %d in the pool's own numbers (limit %d: %s).\n", c.distinctBackends(), c.endedBackends(), c.lifetimeRetired(),
                    c.earlierRetired(), c.serverPeak(), c.poolPeak(), r.poolSize(), c.limitKept() ? "kept" : "EXCEEDED"));
            if (c.note() != null) out.append("\nNote: ").append(c.note()).append(".\n");
        }
        if (r.sizing() != null) {
            PoolReport.Sizing s = r.sizing();
            out.append("\n| pool size | throughput (/s) | p99 (ms) |\n|---:|---:|---:|\n");
            for (KneeFinder.Point p : s.points()) {
                out.append(f("| %d%s | %.0f | %.1f |\n", p.poolSize(), s.recommended() != null && p.poolSize() == s.recommended() ? " (knee)" : "",
                        p.throughputPerSec(), p.p99Ms()));
            }
            out.append("\nRecommended: ").append(s.recommended() == null ? "none" : s.recommended()).append(" (").append(s.reason()).append(").");
            for (PoolReport.RuleOfThumb t : s.rulesOfThumb()) out.append(f(" %s: %d (%s).", t.rule(), t.size(), t.basis()));
            out.append('\n');
        }
    }

    private static String f(String format, Object... args) { return String.format(Locale.ROOT, format, args); }
}
