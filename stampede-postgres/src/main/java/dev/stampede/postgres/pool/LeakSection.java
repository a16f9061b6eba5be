package dev.stampede.postgres.pool;

import dev.stampede.core.host.MemoryTrend;
import dev.stampede.core.target.ReportSection;

import java.util.Locale;

/**
 * Leaks and memory stability in report.md ({@value LeakReport#KEY}): long and unreturned checkouts by operation, idle
 * in transaction sessions, sessions per application, and memory trends. report.html shows the same text. Stateless.
 */
public final class LeakSection implements ReportSection {
    @Override public String key() { return LeakReport.KEY; }

    @Override
    public void markdown(Object extra, StringBuilder out) {
        if (!(extra instanceof LeakReport r)) return;
        out.append("\n### Leaks and memory\n\n");
        out.append(f("%d checkouts tracked; %d longer than %.1f s; %d still out after the load; %d active in the pool after the load.\n",
                r.checkouts(), r.longCheckouts(), r.thresholdS(), r.stillOut().size(), r.activeAfter()));
        if (!r.longCount().isEmpty()) {
            out.append("\n| operation | long checkouts | longest (s) |\n|---|---:|---:|\n");
            r.longCount().forEach((op, n) -> out.append(f("| %s | %d | %.1f |\n", op, n, r.longestS().get(op))));
        }
        for (LeakReport.Held h : r.stillOut()) out.append(f("- still out: %s (%s) for %.1f s\n", h.operation(), h.kind(), h.heldSeconds()));
        if (r.idleInTransactionPeak() != null) {
            out.append(f("\nIdle in transaction (server): at most %.0f at once, the oldest %.1f s.\n", r.idleInTransactionPeak(),
                    r.oldestIdleInTransactionS() == null ? 0 : r.oldestIdleInTransactionS()));
        }
        if (!r.sessionsByApplication().isEmpty()) {
            out.append("\nMost sessions at once by application: ");
            StringBuilder apps = new StringBuilder();
            r.sessionsByApplication().forEach((app, n) -> apps.append(apps.isEmpty() ? "" : ", ").append(f("%s %.0f", app, n)));
            out.append(apps).append(".\n");
        }
        if (!r.memory().isEmpty()) {
            out.append("\n| process | first (MB) | last (MB) | peak (MB) | slope (MB/min) | 95% interval | flagged |\n|---|---:|---:|---:|---:|---|---|\n");
            for (MemoryTrend t : r.memory()) {
                out.append(f("| %s | %.1f | %.1f | %.1f | %s | %s | %s |\n", t.source(), t.firstMb(), t.lastMb(), t.peakMb(),
                        Double.isNaN(t.slopeMbPerMin()) ? "too few samples" : f("%.2f", t.slopeMbPerMin()),
                        Double.isNaN(t.lowerMbPerMin()) ? "-" : f("%.2f to %.2f", t.lowerMbPerMin(), t.upperMbPerMin()),
                        t.flagged() ? f("yes (> %.0f MB)", t.limitMb()) : "no"));
            }
        }
    }

    private static String f(String format, Object... args) { return String.format(Locale.ROOT, format, args); }
}
