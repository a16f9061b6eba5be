package dev.stampede.core.compare;

import dev.stampede.core.report.MarkdownTable;
import java.util.List;
import java.util.Locale;

/**
 * The comparison as text: a fixed-width table for the console and a Markdown table for {@code comparison.md}.
 * Stateless.
 */
public final class ComparisonText {
    private ComparisonText() {
    }

    /** The console table: every row, then warnings and notes, then the overall verdict. */
    public static String console(Comparison c) {
        StringBuilder b = new StringBuilder();
        b.append("Comparison: ").append(c.current()).append(" (").append(c.currentRuns()).append(" run(s)) against ")
                .append(c.baseline()).append(" (").append(c.baselineRuns()).append(" run(s))\n");
        String fmt = "%-14s %-18s %-10s %12s %12s %9s %7s %-15s %s%n";
        b.append(String.format(Locale.ROOT, fmt, "scenario", "operation", "metric", "baseline", "current", "change", "limit", "95% CI ratio", "verdict"));
        for (ComparisonRow r : c.rows()) {
            b.append(String.format(Locale.ROOT, fmt, cut(r.scenario(), 14), cut(r.operation(), 18), r.metric(), value(r.baseline()),
                    value(r.current()), pct(r.changePercent()), Comparer.fmt(r.thresholdPercent()) + "%", ci(r),
                    r.verdict().label() + (r.pValue() == null ? "" : " (p=" + Comparer.fmt(r.pValue()) + ")")));
        }
        for (String w : c.warnings()) b.append("warning: ").append(w).append('\n');
        for (String n : c.notes()) b.append("note: ").append(n).append('\n');
        b.append("Comparison verdict: ").append(c.verdict().label().toUpperCase(Locale.ROOT));
        List<ComparisonRow> reg = c.regressions();
        if (!reg.isEmpty()) b.append(" (").append(reg.size()).append(" row(s): ")
                .append(String.join(", ", reg.stream().map(ComparisonRow::title).toList())).append(')');
        return b.append('\n').toString();
    }

    /** {@code comparison.md}: the same table in Markdown, with the method of each row. */
    public static String markdown(Comparison c) {
        StringBuilder b = new StringBuilder("## Comparison with the baseline\n\n");
        b.append("**").append(c.verdict().label()).append("**: ").append(c.current()).append(" (").append(c.currentRuns())
                .append(" run(s)) against ").append(c.baseline()).append(" (").append(c.baselineRuns()).append(" run(s)); one-sided alpha ")
                .append(Comparer.fmt(c.alpha())).append(".\n\n");
        for (String w : c.warnings()) b.append("- warning: ").append(md(w)).append('\n');
        for (String n : c.notes()) b.append("- note: ").append(md(n)).append('\n');
        if (!c.warnings().isEmpty() || !c.notes().isEmpty()) b.append('\n');
        b.append(header());
        for (ComparisonRow r : c.rows()) b.append(markdownRow(r));
        return b.toString();
    }

    static String header() {
        return "| scenario | operation | metric | baseline | current | change | limit | p | 95% CI of ratio | verdict |\n"
                + "|---|---|---|---:|---:|---:|---:|---:|---|---|\n";
    }

    static String markdownRow(ComparisonRow r) {
        return "| " + md(r.scenario()) + " | " + md(r.operation()) + " | " + r.metric() + " | " + value(r.baseline()) + " " + r.unit()
                + " | " + value(r.current()) + " " + r.unit() + " | " + pct(r.changePercent()) + " | " + Comparer.fmt(r.thresholdPercent())
                + " % | " + (r.pValue() == null ? "–" : Comparer.fmt(r.pValue())) + " | " + ci(r) + " | "
                + (r.verdict() == Change.REGRESSION ? "**regression**" : r.verdict().label()) + " |\n";
    }

    static String value(Double v) {
        return v == null ? "–" : Comparer.num(v);
    }

    static String pct(Double v) {
        return v == null ? "–" : String.format(Locale.ROOT, "%+.1f%%", v);
    }

    static String ci(ComparisonRow r) {
        return r.ratioLow() == null ? "–" : String.format(Locale.ROOT, "%.3f–%.3f", r.ratioLow(), r.ratioHigh());
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    /** Escapes what Markdown tables would misread. */
    static String md(String s) {
        return MarkdownTable.cell(s);
    }
}
