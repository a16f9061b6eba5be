package dev.stampede.core.report;

import dev.stampede.core.advisor.Recommendation;
import dev.stampede.core.metrics.ErrorSummary;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.core.verdict.MetricVerdict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code report.md}: seed 001's summary layout (test summary, key findings, threshold table,
 * recommendations) per scenario, followed by operation, error and monitor tables. Target modules add
 * sections through {@link Section}s keyed by the names in {@link ScenarioReport#extras()}.
 */
public final class MarkdownReportWriter {

    /** Renders one target-specific extras entry as Markdown. */
    @FunctionalInterface
    public interface Section {
        void render(Object extra, StringBuilder out);
    }

    private final Map<String, Section> sections;

    public MarkdownReportWriter(Map<String, Section> sections) {
        this.sections = Map.copyOf(sections);
    }

    public Path write(RunReport report, Path dir) throws IOException {
        Path file = dir.resolve("report.md");
        Files.writeString(file, render(report));
        return file;
    }

    public String render(RunReport r) {
        StringBuilder b = new StringBuilder();
        b.append("# Stampede Load Test Results\n\n");
        b.append("- **Verdict:** ").append(r.verdict().label()).append(r.partial() ? " (partial run: " + r.stopReason() + ")" : "").append('\n');
        r.target().forEach((k, v) -> b.append("- **").append(cap(k)).append(":** ").append(Fmt.plain(v)).append('\n'));
        b.append("- **Started:** ").append(r.startedAt()).append(" · **Finished:** ").append(r.finishedAt()).append('\n');
        b.append("- **Exit code:** ").append(r.exitCode()).append(" · **Config hash:** ").append(r.configHash()).append('\n');
        b.append("- **Scenarios:** ").append(String.join(", ", r.scenarios().stream().map(ScenarioReport::name).toList())).append("\n\n");
        for (String n : r.notes()) b.append("> ").append(n).append('\n');
        if (!r.notes().isEmpty()) b.append('\n');
        if (r.suiteChecks() != null && !r.suiteChecks().isEmpty()) {
            b.append("## Suite checks across scenarios\n\n| Check | Value | Status | Detail |\n|---|---:|---|---|\n");
            for (MetricVerdict v : r.suiteChecks()) {
                b.append("| ").append(v.label()).append(" | ").append(Fmt.d2(v.value())).append(' ').append(v.unit()).append(" | ")
                        .append(v.status().label()).append(" | ").append(cell(v.reason())).append(" |\n");
            }
            b.append('\n');
        }
        for (ScenarioReport s : r.scenarios()) scenario(s, b);
        return b.toString();
    }

    private void scenario(ScenarioReport s, StringBuilder b) {
        OperationSummary t = s.totals();
        b.append("## Scenario: ").append(s.name()).append(" — ").append(s.verdict().label()).append("\n\n");
        if (s.partial()) {
            b.append("> **Partial:** ").append(s.stopReason()).append(s.stopDetail() == null ? "" : ": " + s.stopDetail())
                    .append(". The numbers cover what ran.\n\n");
        }
        b.append("### Test Summary\n");
        b.append("- Description: ").append(s.description()).append('\n');
        b.append("- Workload: ").append(s.workload()).append('\n');
        b.append("- Load: ").append(s.load()).append('\n');
        b.append("- Duration: ").append(Fmt.seconds(s.measuredSeconds())).append(" measured (")
                .append(Fmt.seconds(s.elapsedSeconds())).append(" elapsed)\n");
        b.append("- Attempts: ").append(Fmt.count(t.attempts())).append(" (ok ").append(Fmt.count(t.ok()))
                .append(", failed ").append(Fmt.count(t.failed())).append(", unknown ").append(Fmt.count(t.unknown())).append(")\n");
        if (s.droppedArrivals() > 0) b.append("- Dropped arrivals: ").append(Fmt.count(s.droppedArrivals())).append(" (due, never started)\n");
        b.append("- Error Rate: ").append(Fmt.pct(t.errorRate())).append('\n');
        b.append("- Throughput: ").append(Fmt.num(t.throughputPerSec())).append(" ops/s\n\n");

        b.append("### Key Findings\n");
        b.append("- Average response time: ").append(Fmt.ms(t.latency().meanMs())).append(" ms");
        s.verdicts().stream().filter(v -> v.metric().equals("avg_response_time_ms") && v.rating() != null)
                .findFirst().ifPresent(v -> b.append(" (").append(v.rating()).append(')'));
        b.append('\n');
        b.append("- P50 / P95 / P99 / max response time: ").append(Fmt.ms(t.latency().p50Ms())).append(" / ")
                .append(Fmt.ms(t.latency().p95Ms())).append(" / ").append(Fmt.ms(t.latency().p99Ms())).append(" / ")
                .append(Fmt.ms(t.latency().maxMs())).append(" ms (from ").append(s.latencyFrom()).append(")\n");
        for (dev.stampede.core.engine.Stall st : s.stalls()) {
            b.append("- **Server stall:** no completions for ").append(Fmt.seconds(st.seconds())).append(" (second ")
                    .append(Fmt.num(st.startSecond())).append(" to ").append(Fmt.num(st.endSecond())).append(" of phase ")
                    .append(st.phase()).append(") while ").append(st.inFlight()).append(" attempts were in flight (")
                    .append(String.join(", ", st.operations())).append("): the target stopped answering\n");
        }
        if (t.acquire().count() > 0) {
            b.append("- Pool acquire time p95: ").append(Fmt.ms(t.acquire().p95Ms())).append(" ms; execution p95: ")
                    .append(Fmt.ms(t.execution().p95Ms())).append(" ms\n");
        }
        s.verdicts().stream().filter(v -> v.metric().equals("db_connection_pool_usage_percent")).findFirst()
                .ifPresent(v -> b.append("- Connection pool utilization: ").append(Fmt.d2(v.value())).append("% at peak\n"));
        s.operations().stream().filter(o -> o.attempts() > 0).max(Comparator.comparingDouble(o -> o.latency().p95Ms()))
                .ifPresent(o -> b.append("- Slowest operation: ").append(o.name()).append(" (p95 ")
                        .append(Fmt.ms(o.latency().p95Ms())).append(" ms)\n"));
        if (t.retries() > 0) b.append("- Retries after serialization/deadlock failures: ").append(Fmt.count(t.retries())).append('\n');
        if (!t.errors().isEmpty()) {
            ErrorSummary top = t.errors().get(0);
            b.append("- Most frequent error: ").append(top.label()).append(" (").append(top.code()).append("), ")
                    .append(Fmt.count(top.total())).append(" times\n");
        }
        b.append('\n');

        b.append("### Thresholds\n\n| Metric | Value | Limit | Rating | Status |\n|---|---:|---:|---|---|\n");
        for (MetricVerdict v : s.verdicts()) {
            b.append("| ").append(v.label()).append(" | ").append(Fmt.num(round2(v.value()))).append(' ').append(v.unit())
                    .append(" | ").append(v.limit() == null ? "—" : v.comparator() + " " + Fmt.num(v.limit()) + " " + v.unit())
                    .append(" | ").append(v.rating() == null ? "" : v.rating()).append(" | ").append(v.status().label()).append(" |\n");
        }
        b.append('\n');

        b.append("### Operations\n\n| Operation | Attempts | OK | Failed | Unknown | Retries | ops/s | mean ms | p50 | p95 | p99 | max | acquire p95 |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<OperationSummary> rows = new ArrayList<>(s.operations());
        rows.add(t);
        for (OperationSummary o : rows) {
            b.append("| ").append(o.name().equals("ALL") ? "**ALL**" : o.name()).append(" | ").append(Fmt.count(o.attempts()))
                    .append(" | ").append(Fmt.count(o.ok())).append(" | ").append(Fmt.count(o.failed())).append(" | ")
                    .append(Fmt.count(o.unknown())).append(" | ").append(Fmt.count(o.retries())).append(" | ")
                    .append(Fmt.num(round2(o.throughputPerSec()))).append(" | ").append(Fmt.ms(o.latency().meanMs())).append(" | ")
                    .append(Fmt.ms(o.latency().p50Ms())).append(" | ").append(Fmt.ms(o.latency().p95Ms())).append(" | ")
                    .append(Fmt.ms(o.latency().p99Ms())).append(" | ").append(Fmt.ms(o.latency().maxMs())).append(" | ")
                    .append(o.acquire().count() > 0 ? Fmt.ms(o.acquire().p95Ms()) : "—").append(" |\n");
        }
        b.append('\n');

        if (!t.errors().isEmpty()) {
            b.append("### Errors\n\n| Class | Name | Failed | Unknown | Sample message |\n|---|---|---:|---:|---|\n");
            for (ErrorSummary e : t.errors()) {
                b.append("| ").append(e.code()).append(" | ").append(e.label()).append(" | ").append(Fmt.count(e.failed()))
                        .append(" | ").append(Fmt.count(e.unknown())).append(" | ").append(cell(e.sample())).append(" |\n");
            }
            b.append('\n');
        }

        for (Map.Entry<String, Object> e : s.extras().entrySet()) {
            Section section = sections.get(e.getKey());
            if (section != null) section.render(e.getValue(), b);
        }

        if (!s.monitors().isEmpty()) monitors(s.monitors(), b);

        b.append("### Recommendations\n\n");
        if (s.recommendations().isEmpty()) {
            b.append("No recommendation: nothing measured in this scenario calls for a change.\n\n");
        } else {
            int i = 1;
            for (Recommendation r : s.recommendations()) {
                b.append(i++).append(". **[").append(r.severity()).append("] ").append(r.title()).append("**  \n   Evidence: ")
                        .append(r.evidence()).append("  \n   Action: ").append(r.action()).append('\n');
            }
            b.append('\n');
        }
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /**
     * The monitors: gauges with min, mean, max and last; counters (cumulative series) with their change
     * over the window and its rate, since the min, mean and max of a running total mean nothing.
     */
    private static void monitors(List<ScenarioReport.Monitor> monitors, StringBuilder b) {
        b.append("### Monitors\n\n| Monitor | Gauge | min | mean | max | last |\n|---|---|---:|---:|---:|---:|\n");
        for (ScenarioReport.Monitor m : monitors) {
            if (m.error() != null) b.append("| ").append(m.name()).append(" | (error) | | | | ").append(cell(m.error())).append(" |\n");
            m.summary().forEach((g, v) -> {
                if (v.counter()) return;
                b.append("| ").append(m.name()).append(" | ").append(g).append(" | ").append(Fmt.d2(v.min())).append(" | ")
                        .append(Fmt.d2(v.mean())).append(" | ").append(Fmt.d2(v.max())).append(" | ").append(Fmt.d2(v.last()))
                        .append(" |\n");
            });
        }
        b.append('\n');
        if (monitors.stream().noneMatch(m -> m.summary().values().stream().anyMatch(GaugeSummary::counter))) return;
        b.append("Counters, as their change between the first and last sample:\n\n"
                + "| Monitor | Counter | change over the window | per second |\n|---|---|---:|---:|\n");
        for (ScenarioReport.Monitor m : monitors) {
            m.summary().forEach((g, v) -> {
                if (!v.counter()) return;
                b.append("| ").append(m.name()).append(" | ").append(g).append(" | ").append(Fmt.d2(v.delta())).append(" | ")
                        .append(v.perSecond() == null ? "" : Fmt.d2(v.perSecond())).append(" |\n");
            });
        }
        b.append('\n');
    }

    static String cell(String s) {
        String t = MarkdownTable.cell(s);
        return t.length() > 400 ? t.substring(0, 397) + "..." : t;
    }

    private static String cap(String k) {
        return k.isEmpty() ? k : Character.toUpperCase(k.charAt(0)) + k.substring(1).replace('_', ' ');
    }
}
