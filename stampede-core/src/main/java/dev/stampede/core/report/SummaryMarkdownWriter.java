package dev.stampede.core.report;

import dev.stampede.core.compare.Change;
import dev.stampede.core.compare.Comparison;
import dev.stampede.core.compare.ComparisonRow;
import dev.stampede.core.verdict.MetricVerdict;
import dev.stampede.core.verdict.Status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code summary.md}: one screen of Markdown for a pull-request comment. The verdict and exit code, one line per
 * scenario, the failed thresholds and, against a baseline, the regressions and improvements (at most
 * {@value #MAX_ROWS} rows each; the rest are counted and left to {@code comparison.md}). Stateless.
 */
public final class SummaryMarkdownWriter {
    static final int MAX_ROWS = 8;

    private SummaryMarkdownWriter() {
    }

    public static Path write(RunReport report, Comparison comparison, Path dir) throws IOException {
        Path file = dir.resolve("summary.md");
        Files.writeString(file, markdown(report, comparison), StandardCharsets.UTF_8);
        return file;
    }

    static String markdown(RunReport r, Comparison c) {
        StringBuilder b = new StringBuilder();
        String mark = r.verdict() == Status.FAILED || (c != null && c.verdict() == Change.REGRESSION) ? "❌"
                : r.verdict() == Status.WARNING ? "⚠️" : "✅";
        b.append("### ").append(mark).append(" Stampede: ").append(r.verdict().name().toLowerCase(Locale.ROOT));
        if (c != null) b.append(", ").append(c.verdict().label()).append(" against the baseline");
        b.append(" (exit ").append(r.exitCode()).append(")\n\n");
        if (r.partial()) b.append("Partial run: ").append(r.stopReason()).append("\n\n");
        b.append("| scenario | throughput | p95 | p99 | errors | verdict |\n|---|---:|---:|---:|---:|---|\n");
        for (ScenarioReport s : r.scenarios()) {
            b.append("| ").append(md(s.name())).append(" | ").append(fmt(s.totals().throughputPerSec())).append("/s | ")
                    .append(fmt(s.totals().latency().p95Ms())).append(" ms | ").append(fmt(s.totals().latency().p99Ms())).append(" ms | ")
                    .append(String.format(Locale.ROOT, "%.2f%%", 100 * s.totals().errorRate())).append(" | ")
                    .append(s.verdict().name().toLowerCase(Locale.ROOT)).append(" |\n");
        }
        List<String> failed = new ArrayList<>();
        for (ScenarioReport s : r.scenarios()) {
            for (MetricVerdict v : s.verdicts()) {
                if (v.status() == Status.FAILED) failed.add(s.name() + ": " + v.label() + " " + fmt(v.value()) + " " + v.unit()
                        + (v.limit() == null ? "" : " (limit " + v.comparator() + " " + fmt(v.limit()) + ")"));
            }
        }
        for (MetricVerdict v : r.suiteChecks()) if (v.status() == Status.FAILED) failed.add(v.label() + ": " + v.reason());
        if (!failed.isEmpty()) {
            b.append("\n**Failed thresholds**\n");
            list(b, failed);
        }
        if (c != null) {
            b.append("\n**Against the baseline** (").append(c.baselineRuns()).append(" vs ").append(c.currentRuns()).append(" runs)\n");
            list(b, rows(c, Change.REGRESSION));
            List<String> better = rows(c, Change.IMPROVEMENT);
            if (!better.isEmpty()) list(b, better);
            if (c.regressions().isEmpty() && better.isEmpty()) b.append("- no change past the thresholds\n");
            for (String w : c.warnings()) b.append("- warning: ").append(md(w)).append('\n');
        }
        b.append("\nDetails: report.html, report.md").append(c == null ? "" : ", comparison.md").append(", junit.xml\n");
        return b.toString();
    }

    private static List<String> rows(Comparison c, Change kind) {
        List<String> out = new ArrayList<>();
        for (ComparisonRow row : c.rows()) {
            if (row.verdict() == kind) out.add(kind.label() + ": " + row.title() + ": " + row.reason());
        }
        return out;
    }

    private static void list(StringBuilder b, List<String> items) {
        for (int i = 0; i < Math.min(items.size(), MAX_ROWS); i++) b.append("- ").append(md(items.get(i))).append('\n');
        if (items.size() > MAX_ROWS) b.append("- and ").append(items.size() - MAX_ROWS).append(" more\n");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : "%.2f", v);
    }

    private static String md(String s) {
        return MarkdownTable.cell(s);
    }
}
