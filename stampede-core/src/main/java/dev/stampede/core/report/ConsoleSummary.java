package dev.stampede.core.report;

import dev.stampede.core.advisor.Recommendation;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.core.verdict.MetricVerdict;
import dev.stampede.core.verdict.Status;

import java.io.PrintWriter;
import java.util.Locale;

/** The summary printed at the end of a run: per scenario totals, failed checks and top recommendations. */
public final class ConsoleSummary {
    private ConsoleSummary() {
    }

    public static void print(RunReport r, PrintWriter out) {
        out.println();
        for (ScenarioReport s : r.scenarios()) {
            OperationSummary t = s.totals();
            out.printf(Locale.ROOT, "== %s: %s%s%n", s.name(), s.verdict().label(), s.partial() ? " (partial: " + s.stopReason()
                    + (s.stopDetail() == null ? "" : "; " + s.stopDetail()) + ")" : "");
            out.printf(Locale.ROOT, "   %s attempts in %.1f s: ok %s, failed %s, unknown %s%s; %.1f ops/s%n",
                    Fmt.count(t.attempts()), s.measuredSeconds(), Fmt.count(t.ok()), Fmt.count(t.failed()), Fmt.count(t.unknown()),
                    s.droppedArrivals() > 0 ? ", dropped arrivals " + Fmt.count(s.droppedArrivals()) : "", t.throughputPerSec());
            out.printf(Locale.ROOT, "   latency ms from %s: mean %s  p50 %s  p95 %s  p99 %s  p99.9 %s  max %s%s%n",
                    ReportBuilder.INTENDED.equals(s.latencyFrom()) ? "intended start" : "actual start",
                    Fmt.ms(t.latency().meanMs()), Fmt.ms(t.latency().p50Ms()), Fmt.ms(t.latency().p95Ms()),
                    Fmt.ms(t.latency().p99Ms()), Fmt.ms(t.latency().p999Ms()), Fmt.ms(t.latency().maxMs()),
                    t.acquire().count() > 0 ? "   (pool acquire p95 " + Fmt.ms(t.acquire().p95Ms()) + ")" : "");
            for (MetricVerdict v : s.verdicts()) {
                if (v.status() != Status.PASSED) out.printf(Locale.ROOT, "   %s %s: %s%n", v.status().label(), v.label(), v.reason());
            }
            int shown = 0;
            for (Recommendation rec : s.recommendations()) {
                if (shown++ == 3) break;
                out.printf(Locale.ROOT, "   -> [%s] %s: %s%n", rec.severity(), rec.title(), rec.evidence());
            }
        }
        out.printf(Locale.ROOT, "%nOverall: %s%s%n", r.verdict().label(), r.partial() ? " (partial run: " + r.stopReason() + ")" : "");
        out.flush();
    }
}
