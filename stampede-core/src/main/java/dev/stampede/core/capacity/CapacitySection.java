package dev.stampede.core.capacity;

import dev.stampede.core.report.HtmlOut;
import dev.stampede.core.target.ReportSection;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The capacity search's part of report.md and report.html: the answer, the bottleneck and its advice, the chart of
 * latency against offered rate and the probe table. Renders the {@link CapacityReport} stored under {@link #KEY};
 * report.json carries the same object. Stateless.
 */
public final class CapacitySection implements ReportSection {
    /** The extras key: report.json's {@code capacity} object. */
    public static final String KEY = "capacity";

    static final List<String> HEADERS = List.of("Rate /s", "Purpose", "Achieved /s", "p50 ms", "p95 ms", "p99 ms", "Errors",
            "Dropped", "Pool wait p99 ms", "Start lag p99 ms", "Verdict");

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public void markdown(Object extra, StringBuilder out) {
        if (!(extra instanceof CapacityReport c)) return;
        out.append("\n### Capacity\n\n").append(c.summary()).append("\n\n");
        out.append("Targets: ").append(targets(c.targets())).append("\n\n");
        if (c.bottleneck() != null) {
            out.append("**Bottleneck: ").append(c.bottleneck().name()).append("** — ").append(c.bottleneck().evidence()).append("\n\n");
            out.append("Advice: ").append(c.bottleneck().advice()).append("\n\n");
            for (String o : c.bottleneck().others()) out.append("- also: ").append(o).append('\n');
            if (!c.bottleneck().others().isEmpty()) out.append('\n');
        }
        out.append("| ").append(String.join(" | ", HEADERS)).append(" |\n|");
        out.append("---|".repeat(HEADERS.size())).append('\n');
        for (CapacityReport.Probe p : c.probes()) {
            out.append("| ").append(String.join(" | ", row(p).stream().map(String::valueOf).toList())).append(" |\n");
        }
        out.append('\n');
    }

    @Override
    public void html(Object extra, HtmlOut out) {
        if (!(extra instanceof CapacityReport c)) return;
        out.heading("Capacity");
        out.paragraph(c.summary());
        out.paragraph("Targets: " + targets(c.targets()));
        if (c.bottleneck() != null) {
            out.paragraph("Bottleneck: " + c.bottleneck().name() + " — " + c.bottleneck().evidence());
            out.paragraph("Advice: " + c.bottleneck().advice());
            out.list(c.bottleneck().others());
        }
        out.chart(CapacityReport.CHART);
        List<List<?>> rows = new ArrayList<>();
        for (CapacityReport.Probe p : c.probes()) {
            List<Object> r = new ArrayList<>();
            r.add(HtmlOut.num(p.rate(), n(p.rate())));
            r.add(p.purpose());
            r.add(HtmlOut.num(p.achievedRate(), n(p.achievedRate())));
            r.add(HtmlOut.num(p.p50Ms(), n(p.p50Ms())));
            r.add(HtmlOut.num(p.p95Ms(), n(p.p95Ms())));
            r.add(HtmlOut.num(p.p99Ms(), n(p.p99Ms())));
            r.add(HtmlOut.num(p.errorPercent(), String.format(Locale.ROOT, "%d (%.2f %%)", p.errors(), p.errorPercent())));
            r.add(p.droppedArrivals());
            r.add(HtmlOut.num(p.acquireP99Ms(), n(p.acquireP99Ms())));
            r.add(HtmlOut.num(p.startLagP99Ms(), n(p.startLagP99Ms())));
            r.add(p.verdict() + ": " + p.detail());
            rows.add(r);
        }
        out.table(HEADERS, rows);
    }

    private static List<Object> row(CapacityReport.Probe p) {
        return List.of(n(p.rate()), p.purpose(), n(p.achievedRate()), n(p.p50Ms()), n(p.p95Ms()), n(p.p99Ms()),
                String.format(Locale.ROOT, "%d (%.2f %%)", p.errors(), p.errorPercent()), p.droppedArrivals(), n(p.acquireP99Ms()),
                n(p.startLagP99Ms()), p.verdict());
    }

    private static String targets(CapacityReport.Targets t) {
        List<String> parts = new ArrayList<>();
        if (t.p99Ms() != null) parts.add("p99 <= " + n(t.p99Ms()) + " ms");
        if (t.errorRatePercent() != null) parts.add("errors <= " + n(t.errorRatePercent()) + " %");
        parts.add("precision " + n(t.precisionPercent()) + " %");
        parts.add(String.format(Locale.ROOT, "probes of %s s after %s s warm-up, %s to %s/s, %d confirmations", n(t.probeSeconds()),
                n(t.warmupSeconds()), n(t.startRate()), n(t.maxRate()), t.confirmations()));
        return String.join(", ", parts);
    }

    static String n(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
    }
}
