package dev.stampede.core.fault;

import dev.stampede.core.report.HtmlOut;
import dev.stampede.core.report.MarkdownTable;
import dev.stampede.core.resilience.ResilienceReport;
import dev.stampede.core.target.ReportSection;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report sections of the engine's own extras that are not a target's: the fault timeline ({@link FaultTimeline})
 * and the resilience policy's outcome ({@link ResilienceReport}), in Markdown and HTML. The session adds them beside
 * the targets' sections. Stateless.
 */
public final class ChaosSections {
    private ChaosSections() {
    }

    /** Both sections. */
    public static List<ReportSection> all() {
        return List.of(new Faults(), new Resilience());
    }

    private static String s(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f s", v);
    }

    private static List<List<Object>> windowRows(FaultTimeline t) {
        List<List<Object>> rows = new ArrayList<>();
        for (FaultTimeline.Window w : t.windows()) {
            rows.add(List.of(w.target(), w.kind() + (w.detail().isEmpty() ? "" : " " + w.detail()),
                    String.format(Locale.ROOT, "%.1f-%.1f s", w.plannedStartS(), w.plannedEndS()),
                    w.appliedStartS() == null ? "not applied" : String.format(Locale.ROOT, "%.2f-%s s", w.appliedStartS(),
                            w.appliedEndS() == null ? "?" : String.format(Locale.ROOT, "%.2f", w.appliedEndS())),
                    w.recoveryS() == null ? "-" : HtmlOut.num(w.recoveryS(), s(w.recoveryS())), w.recovery()));
        }
        return rows;
    }

    private static List<List<Object>> proxyRows(FaultTimeline t) {
        List<List<Object>> rows = new ArrayList<>();
        for (FaultTimeline.Proxy p : t.proxies()) {
            rows.add(List.of(p.target(), p.upstream(), p.connections(), p.resets(), p.upstreamFailures(), p.chunks(),
                    HtmlOut.num(p.forwardingP50Us(), String.format(Locale.ROOT, "%.0f", p.forwardingP50Us())),
                    HtmlOut.num(p.forwardingP99Us(), String.format(Locale.ROOT, "%.0f", p.forwardingP99Us())),
                    HtmlOut.num(p.forwardingMaxUs(), String.format(Locale.ROOT, "%.0f", p.forwardingMaxUs()))));
        }
        return rows;
    }

    private static final List<String> WINDOW_HEADERS = List.of("target", "fault", "planned", "applied", "recovery", "how judged");
    private static final List<String> PROXY_HEADERS = List.of("proxy", "upstream", "connections", "resets", "failed connects",
            "chunks", "own p50 µs", "own p99 µs", "own max µs");

    /** The {@code faults} extra. */
    static final class Faults implements ReportSection {
        @Override public String key() { return FaultTimeline.KEY; }

        @Override
        public void markdown(Object extra, StringBuilder out) {
            if (!(extra instanceof FaultTimeline t)) return;
            out.append("\n#### Faults\n\nTimes in seconds since the scenario started; recovery: from the fault's end to the first "
                    + "second with no errors and at least 90% of the successes per second before it.\n\n");
            MarkdownTable.append(out, WINDOW_HEADERS, windowRows(t));
            if (!t.proxies().isEmpty()) {
                out.append("\nFault proxies (own cost: time a chunk spent in the proxy beyond any delay a fault asked for):\n\n");
                MarkdownTable.append(out, PROXY_HEADERS, proxyRows(t));
            }
        }

        @Override
        public void html(Object extra, HtmlOut out) {
            if (!(extra instanceof FaultTimeline t)) return;
            out.subheading("Faults");
            out.paragraph("Times in seconds since the scenario started (the orange windows on the charts). Recovery: from the fault's "
                    + "end to the first second with no errors and at least 90% of the successes per second before it.");
            out.table(WINDOW_HEADERS, windowRows(t));
            if (!t.proxies().isEmpty()) {
                out.paragraph("Fault proxies; own cost is the time a chunk spent in the proxy beyond any delay a fault asked for.");
                out.table(PROXY_HEADERS, proxyRows(t));
            }
        }
    }

    /** The {@code resilience} extra. */
    static final class Resilience implements ReportSection {
        @Override public String key() { return ResilienceReport.KEY; }

        private static String summary(ResilienceReport r) {
            return String.format(Locale.ROOT, "Policy: %s. %d logical requests made %d physical attempts (amplification %.2fx%s); "
                            + "%d retries; %d calls refused by the open breaker%s.", r.policy(), r.logicalRequests(), r.physicalAttempts(),
                    r.amplification(), r.faultAmplification() == null ? "" : String.format(Locale.ROOT, ", %.2fx during the faults",
                            r.faultAmplification()), r.retries(), r.rejectedByBreaker(),
                    r.breakerStateAtEnd() == null ? "" : "; breaker " + r.breakerStateAtEnd() + " at the end");
        }

        private static List<List<Object>> backoffRows(ResilienceReport r) {
            List<List<Object>> rows = new ArrayList<>();
            for (ResilienceReport.Backoff b : r.backoffs()) {
                rows.add(List.of(b.retry(), b.count(), HtmlOut.num(b.configuredMs(), String.format(Locale.ROOT, "%.1f", b.configuredMs())),
                        HtmlOut.num(b.drawnMeanMs(), String.format(Locale.ROOT, "%.1f", b.drawnMeanMs())),
                        HtmlOut.num(b.waitedMeanMs(), String.format(Locale.ROOT, "%.1f", b.waitedMeanMs()))));
            }
            return rows;
        }

        private static List<List<Object>> breakerRows(ResilienceReport r) {
            List<List<Object>> rows = new ArrayList<>();
            for (ResilienceReport.BreakerChange c : r.breaker()) {
                rows.add(List.of(HtmlOut.num(c.atS(), String.format(Locale.ROOT, "%.2f", c.atS())), c.from(), c.to()));
            }
            return rows;
        }

        private static final List<String> BACKOFF = List.of("retry", "count", "configured ms", "drawn mean ms", "waited mean ms");
        private static final List<String> BREAKER = List.of("at s", "from", "to");

        @Override
        public void markdown(Object extra, StringBuilder out) {
            if (!(extra instanceof ResilienceReport r)) return;
            out.append("\n#### Retries and circuit breaker\n\n").append(summary(r)).append("\n");
            if (!r.backoffs().isEmpty()) {
                out.append("\nBackoffs:\n\n");
                MarkdownTable.append(out, BACKOFF, backoffRows(r));
            }
            if (!r.breaker().isEmpty()) {
                out.append("\nBreaker state timeline (seconds since the scenario started):\n\n");
                MarkdownTable.append(out, BREAKER, breakerRows(r));
            }
        }

        @Override
        public void html(Object extra, HtmlOut out) {
            if (!(extra instanceof ResilienceReport r)) return;
            out.subheading("Retries and circuit breaker");
            out.paragraph(summary(r));
            if (!r.backoffs().isEmpty()) out.table(BACKOFF, backoffRows(r));
            if (!r.breaker().isEmpty()) {
                out.paragraph("Breaker state timeline, seconds since the scenario started (purple windows on the charts: open).");
                out.table(BREAKER, breakerRows(r));
            }
        }
    }
}
