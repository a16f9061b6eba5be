package dev.stampede.core.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.stampede.core.advisor.Recommendation;
import dev.stampede.core.engine.Stall;
import dev.stampede.core.metrics.ErrorSummary;
import dev.stampede.core.metrics.LatencyStats;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.core.verdict.MetricVerdict;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Writes {@code report.html}: one self-contained page (uPlot and the page's script inlined, the chart data embedded
 * as JSON, a Content-Security-Policy that allows no request to any host) that opens from disk, offline, and prints
 * legibly. It reads the same {@link RunReport} as the JSON writer and computes nothing of its own beyond thinning
 * long series for the charts ({@link HtmlChartData}).
 *
 * <p>The page's DOM contract, which tests and tools may rely on:
 * <ul>
 *   <li>per scenario {@code <section class="scenario" id="scenario-ID">}, ID the scenario name with every character
 *       outside {@code [A-Za-z0-9_-]} replaced by {@code _} ({@link HtmlEscape#id});</li>
 *   <li>{@code <table id="operations-ID">}: one {@code <tr data-operation="NAME">} per operation, then the
 *       {@code ALL} row (in the table's {@code tfoot}); cells {@code <td data-key="K" data-value="V">} for K in
 *       {@link #OPERATION_KEYS}, V the report's number (counts as integers, other numbers as
 *       {@link Double#toString}, so they equal report.json's);</li>
 *   <li>charts {@code <div class="chart" data-chart="KEY" data-scenario="ID">}: throughput, errors, latency,
 *       monitor-MONITORID (suffixed -2, -3... when two monitor names reduce to one id), spectrum;</li>
 *   <li>{@code <script type="application/json" id="stampede-data">}: the charts' data;</li>
 *   <li>when every chart has drawn, {@code window.stampedeReady === true} and {@code <body data-ready="true">};
 *       {@code data-ready="error"} when a chart could not be drawn.</li>
 * </ul>
 *
 * <p>Every string from a user or a target is escaped for where it goes ({@link HtmlEscape}); target sections write
 * through {@link HtmlOut}. Not thread-safe per call; instances hold only their immutable section map.
 */
public final class HtmlReportWriter {

    /** The operations table's data-key cells, in column order. */
    public static final List<String> OPERATION_KEYS = List.of("attempts", "ok", "failed", "unknown", "retries",
            "throughput_ops", "mean_ms", "p50_ms", "p90_ms", "p95_ms", "p99_ms", "p999_ms", "max_ms");

    /** Renders one target-specific extras entry into report.html. */
    @FunctionalInterface
    public interface Section {
        void render(Object extra, HtmlOut out);
    }

    /**
     * The page's Content-Security-Policy for scripts with these SHA-256 hashes: no request to any host, only the
     * page's own two inline scripts run. {@code 'unsafe-inline'} stays for browsers without hash support (CSP 1);
     * browsers that know hashes ignore it, which also blocks inline event handlers, so even an escaping mistake could
     * not run script. Styles stay {@code 'unsafe-inline'}: uPlot sets element styles at run time.
     */
    static String csp(List<String> scripts) {
        StringBuilder b = new StringBuilder("default-src 'none'; script-src 'unsafe-inline'");
        for (String s : scripts) b.append(" 'sha256-").append(sha256(s)).append('\'');
        return b.append("; style-src 'unsafe-inline'; img-src data:").toString();
    }

    private static String sha256(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return java.util.Base64.getEncoder().encodeToString(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java platform must provide", e);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private final Map<String, Section> sections;

    public HtmlReportWriter(Map<String, Section> sections) {
        this.sections = Map.copyOf(sections);
    }

    public Path write(RunReport report, Path dir) throws IOException {
        Path file = dir.resolve("report.html");
        Files.writeString(file, render(report), StandardCharsets.UTF_8);
        return file;
    }

    public String render(RunReport r) {
        HtmlAssets assets = HtmlAssets.get();
        String uplotScript = "\n/* uPlot " + HtmlAssets.UPLOT_VERSION + ", MIT License, Copyright (c) 2024 Leon Sorokin */\n"
                + assets.uplotJs + "\n";
        String pageScript = "\n" + assets.pageJs + "\n";
        StringBuilder b = new StringBuilder(256 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(csp(List.of(uplotScript, pageScript)))
                .append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Stampede report ").append(HtmlEscape.text(r.startedAt())).append("</title>\n")
                .append("<!-- Charts: uPlot ").append(HtmlAssets.UPLOT_VERSION)
                .append(" (https://github.com/leeoniya/uPlot) is inlined below under the MIT License:\n")
                .append(assets.uplotLicense.strip()).append("\n-->\n")
                .append("<style>\n").append(assets.uplotCss).append("\n</style>\n")
                .append("<style>\n").append(assets.pageCss).append("\n</style>\n")
                .append("</head>\n<body>\n");
        header(r, b);
        for (ScenarioReport s : r.scenarios()) scenario(s, b);
        b.append("<script type=\"application/json\" id=\"stampede-data\">").append(HtmlEscape.scriptJson(json(HtmlChartData.of(r))))
                .append("</script>\n");
        b.append("<script>").append(uplotScript).append("</script>\n");
        b.append("<script>").append(pageScript).append("</script>\n");
        b.append("</body>\n</html>\n");
        return b.toString();
    }

    private static String json(Object data) {
        try {
            return MAPPER.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("could not serialise report.html's chart data: " + e.getOriginalMessage(), e);
        }
    }

    private static void header(RunReport r, StringBuilder b) {
        b.append("<header>\n<h1>Stampede load test results</h1>\n<dl class=\"facts\">\n");
        fact(b, "Verdict", r.verdict().label() + (r.partial() ? " (partial run" + (r.stopReason() == null ? "" : ": " + r.stopReason()) + ")" : ""));
        fact(b, "Exit code", Integer.toString(r.exitCode()));
        fact(b, "Config hash", r.configHash());
        fact(b, "Started", r.startedAt());
        fact(b, "Finished", r.finishedAt());
        fact(b, "Tool", r.tool() + " " + r.version());
        r.target().forEach((k, v) -> fact(b, "Target " + k, Fmt.plain(v)));
        fact(b, "Scenarios", String.join(", ", r.scenarios().stream().map(ScenarioReport::name).toList()));
        b.append("</dl>\n");
        if (r.partial()) {
            b.append("<p class=\"partial\">Partial run: ").append(HtmlEscape.text(r.stopReason()))
                    .append(". The numbers cover what ran.</p>\n");
        }
        if (!r.notes().isEmpty()) {
            b.append("<ul class=\"notes\">");
            for (String n : r.notes()) b.append("<li>").append(HtmlEscape.text(n)).append("</li>");
            b.append("</ul>\n");
        }
        if (r.suiteChecks() != null && !r.suiteChecks().isEmpty()) {
            b.append("<h2>Suite checks across scenarios</h2>\n");
            verdictTable(r.suiteChecks(), b);
        }
        b.append("<details class=\"config\"><summary>Effective configuration</summary><pre>")
                .append(HtmlEscape.text(prettyJson(r.config()))).append("</pre></details>\n");
        if (r.errorClasses() != null && !r.errorClasses().isEmpty()) {
            b.append("<details class=\"legend\"><summary>Error classes</summary><dl>");
            r.errorClasses().forEach((k, v) -> fact(b, k, v));
            b.append("</dl></details>\n");
        }
        b.append("</header>\n");
    }

    private static String prettyJson(Object o) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            return String.valueOf(o);
        }
    }

    private static void fact(StringBuilder b, String term, String value) {
        b.append("<dt>").append(HtmlEscape.text(term)).append("</dt><dd>").append(HtmlEscape.text(value)).append("</dd>\n");
    }

    private void scenario(ScenarioReport s, StringBuilder b) {
        String id = HtmlEscape.id(s.name());
        OperationSummary t = s.totals();
        b.append("<section class=\"scenario\" id=\"scenario-").append(id).append("\" data-scenario=\"").append(id).append("\">\n");
        b.append("<h2>Scenario: ").append(HtmlEscape.text(s.name())).append(" — ").append(HtmlEscape.text(s.verdict().label()))
                .append("</h2>\n");
        if (s.partial()) {
            b.append("<p class=\"partial\">Partial: ").append(HtmlEscape.text(s.stopReason()))
                    .append(s.stopDetail() == null ? "" : ": " + HtmlEscape.text(s.stopDetail()))
                    .append(". The numbers cover what ran.</p>\n");
        }
        b.append("<dl class=\"facts\">\n");
        fact(b, "Description", s.description());
        fact(b, "Workload", s.workload());
        fact(b, "Load", s.load());
        fact(b, "Phases", String.join(", ", s.phases()));
        fact(b, "Started", s.startedAt());
        fact(b, "Duration", Fmt.seconds(s.measuredSeconds()) + " measured (" + Fmt.seconds(s.elapsedSeconds()) + " elapsed, "
                + Fmt.seconds(s.plannedSeconds()) + " planned)");
        fact(b, "Attempts", Fmt.count(t.attempts()) + " (ok " + Fmt.count(t.ok()) + ", failed " + Fmt.count(t.failed())
                + ", unknown " + Fmt.count(t.unknown()) + ")");
        if (s.droppedArrivals() > 0) fact(b, "Dropped arrivals", Fmt.count(s.droppedArrivals()) + " (due, never started)");
        fact(b, "Error rate", Fmt.pct(t.errorRate()));
        fact(b, "Latency measured from", s.latencyFrom());
        b.append("</dl>\n");
        for (Stall st : s.stalls()) {
            b.append("<p class=\"stall\">Server stall: no completions for ").append(HtmlEscape.text(Fmt.seconds(st.seconds())))
                    .append(" (second ").append(HtmlEscape.text(Fmt.num(st.startSecond()))).append(" to ")
                    .append(HtmlEscape.text(Fmt.num(st.endSecond()))).append(" of phase ").append(HtmlEscape.text(st.phase()))
                    .append(") while ").append(st.inFlight()).append(" attempts were in flight (")
                    .append(HtmlEscape.text(String.join(", ", st.operations()))).append(")</p>\n");
        }

        b.append("<h3>Thresholds</h3>\n");
        verdictTable(s.verdicts(), b);

        b.append("<h3>Operations</h3>\n");
        operations(s, id, b);

        if (!t.errors().isEmpty()) {
            b.append("<h3>Errors</h3>\n<table class=\"sortable\"><thead><tr><th>Class</th><th>Name</th><th>Failed</th>"
                    + "<th>Unknown</th><th>Sample message</th></tr></thead><tbody>\n");
            for (ErrorSummary e : t.errors()) {
                b.append("<tr><td>").append(HtmlEscape.text(e.code())).append("</td><td>").append(HtmlEscape.text(e.label()))
                        .append("</td>");
                count(b, null, e.failed());
                count(b, null, e.unknown());
                b.append("<td class=\"message\">").append(HtmlEscape.text(e.sample())).append("</td></tr>\n");
            }
            b.append("</tbody></table>\n");
        }

        b.append("<h3>Charts</h3>\n<p class=\"hint\">Drag across a chart to zoom (every time chart follows), double-click to "
                + "reset; click a legend entry to hide its series. Shaded: phases; red: stalls.</p>\n");
        chartDiv(b, "throughput", id);
        chartDiv(b, "errors", id);
        chartDiv(b, "latency", id);
        List<String> monitorKeys = HtmlChartData.monitorKeys(s.monitors());
        for (int i = 0; i < s.monitors().size(); i++) {
            ScenarioReport.Monitor m = s.monitors().get(i);
            if (m.error() != null) {
                b.append("<p class=\"monitor-error\">Monitor ").append(HtmlEscape.text(m.name())).append(" failed: ")
                        .append(HtmlEscape.text(m.error())).append("</p>\n");
            }
            if (monitorKeys.get(i) != null) chartDiv(b, monitorKeys.get(i), id);
        }
        b.append("<h3>Latency by percentile</h3>\n");
        chartDiv(b, "spectrum", id);

        for (Map.Entry<String, Object> e : s.extras().entrySet()) {
            Section section = sections.get(e.getKey());
            if (section == null) continue;
            HtmlOut out = new HtmlOut();
            section.render(e.getValue(), out);
            b.append("<div class=\"target-section\" data-section=\"").append(HtmlEscape.attr(e.getKey())).append("\">\n")
                    .append(out.html()).append("</div>\n");
        }

        b.append("<h3>Recommendations</h3>\n");
        if (s.recommendations().isEmpty()) {
            b.append("<p>No recommendation: nothing measured in this scenario calls for a change.</p>\n");
        } else {
            b.append("<ol class=\"recommendations\">\n");
            for (Recommendation rec : s.recommendations()) {
                b.append("<li class=\"severity-").append(HtmlEscape.id(rec.severity())).append("\"><strong>[")
                        .append(HtmlEscape.text(rec.severity())).append("] ").append(HtmlEscape.text(rec.title()))
                        .append("</strong><br>Evidence: ").append(HtmlEscape.text(rec.evidence())).append("<br>Action: ")
                        .append(HtmlEscape.text(rec.action())).append("</li>\n");
            }
            b.append("</ol>\n");
        }
        b.append("</section>\n");
    }

    private static void chartDiv(StringBuilder b, String key, String scenarioId) {
        b.append("<div class=\"chart\" data-chart=\"").append(HtmlEscape.attr(key)).append("\" data-scenario=\"")
                .append(scenarioId).append("\"></div>\n");
    }

    private static void verdictTable(List<MetricVerdict> verdicts, StringBuilder b) {
        if (verdicts.isEmpty()) {
            b.append("<p>No threshold was checked.</p>\n");
            return;
        }
        b.append("<table class=\"sortable verdicts\"><thead><tr><th>Metric</th><th>Value</th><th>Limit</th><th>Rating</th>"
                + "<th>Status</th><th>Why</th></tr></thead><tbody>\n");
        for (MetricVerdict v : verdicts) {
            b.append("<tr class=\"status-").append(v.status().name().toLowerCase(java.util.Locale.ROOT)).append("\" data-metric=\"")
                    .append(HtmlEscape.attr(v.metric())).append("\"><td>").append(HtmlEscape.text(v.label())).append("</td>");
            number(b, null, v.value(), Fmt.num(Math.round(v.value() * 100) / 100.0) + " " + v.unit());
            b.append("<td>").append(v.limit() == null ? "—" : HtmlEscape.text(v.comparator() + " " + Fmt.num(v.limit()) + " " + v.unit()))
                    .append("</td><td>").append(HtmlEscape.text(v.rating())).append("</td><td>")
                    .append(HtmlEscape.text(v.status().label())).append("</td><td>").append(HtmlEscape.text(v.reason()))
                    .append("</td></tr>\n");
        }
        b.append("</tbody></table>\n");
    }

    private static void operations(ScenarioReport s, String id, StringBuilder b) {
        b.append("<table class=\"sortable operations\" id=\"operations-").append(id).append("\"><thead><tr><th>Operation</th>");
        for (String h : List.of("Attempts", "OK", "Failed", "Unknown", "Retries", "ops/s", "mean ms", "p50 ms", "p90 ms",
                "p95 ms", "p99 ms", "p99.9 ms", "max ms")) {
            b.append("<th>").append(h).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (OperationSummary o : s.operations()) operationRow(o, b);
        b.append("</tbody>\n<tfoot>\n");
        operationRow(s.totals(), b);
        b.append("</tfoot></table>\n");
    }

    private static void operationRow(OperationSummary o, StringBuilder b) {
        b.append("<tr data-operation=\"").append(HtmlEscape.attr(o.name())).append("\"><th scope=\"row\">")
                .append(HtmlEscape.text(o.name())).append("</th>");
        count(b, "attempts", o.attempts());
        count(b, "ok", o.ok());
        count(b, "failed", o.failed());
        count(b, "unknown", o.unknown());
        count(b, "retries", o.retries());
        number(b, "throughput_ops", o.throughputPerSec(), Fmt.num(Math.round(o.throughputPerSec() * 100) / 100.0));
        LatencyStats l = o.latency();
        List<Map.Entry<String, ToDoubleFunction<LatencyStats>>> cols = new ArrayList<>(List.of(
                Map.entry("mean_ms", LatencyStats::meanMs), Map.entry("p50_ms", LatencyStats::p50Ms),
                Map.entry("p90_ms", LatencyStats::p90Ms), Map.entry("p95_ms", LatencyStats::p95Ms),
                Map.entry("p99_ms", LatencyStats::p99Ms), Map.entry("p999_ms", LatencyStats::p999Ms),
                Map.entry("max_ms", LatencyStats::maxMs)));
        for (Map.Entry<String, ToDoubleFunction<LatencyStats>> c : cols) {
            double v = c.getValue().applyAsDouble(l);
            number(b, c.getKey(), v, Fmt.ms(v));
        }
        b.append("</tr>\n");
    }

    private static void count(StringBuilder b, String key, long v) {
        b.append("<td class=\"num\"");
        if (key != null) b.append(" data-key=\"").append(key).append('"');
        b.append(" data-value=\"").append(v).append("\">").append(Fmt.count(v)).append("</td>");
    }

    private static void number(StringBuilder b, String key, double v, String text) {
        b.append("<td class=\"num\"");
        if (key != null) b.append(" data-key=\"").append(key).append('"');
        b.append(" data-value=\"").append(HtmlEscape.attr(Double.toString(v))).append("\">").append(HtmlEscape.text(text))
                .append("</td>");
    }
}
