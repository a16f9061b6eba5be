package dev.stampede.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampede.core.metrics.LatencyStats;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.core.target.ReportSection;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.stampede.core.report.SyntheticReports.EVIL;
import static org.assertj.core.api.Assertions.assertThat;

class HtmlReportWriterTest {
    private static final String SCENARIO = "mixed load " + EVIL;
    private static final Pattern DATA = Pattern.compile(
            "<script type=\"application/json\" id=\"stampede-data\">(.*?)</script>", Pattern.DOTALL);

    /** A target section that puts hostile SQL text and messages through HtmlOut. */
    private static final HtmlReportWriter.Section SQL_SECTION = (extra, out) -> out.heading("Top statements " + extra)
            .table(List.of("Statement", "Calls"), List.of(List.of("SELECT '" + extra + "'", 12L), List.of(extra, HtmlOut.num(1.5, "1.5 ms"))))
            .preformatted("plan " + extra).list(List.of("finding " + extra));

    private static String render(RunReport r) {
        return new HtmlReportWriter(Map.of("sql_section", SQL_SECTION)).render(r);
    }

    @Test
    void userAndTargetStringsAppearOnlyEscaped() throws Exception {
        RunReport r = SyntheticReports.run(SCENARIO, EVIL, 60, 3, 1, 2);
        String html = render(r);
        // our three script blocks: the data (JSON, escaped), uPlot, the page's own; nothing else is a script
        assertThat(count(html, "<script")).isEqualTo(3);
        String outsideCode = html.replaceAll("(?s)<script>.*?</script>", "<script></script>");
        assertThat(outsideCode).doesNotContain("<script>alert").doesNotContain("</script></script>");
        Document doc = Jsoup.parse(html);
        assertThat(doc.select("script")).hasSize(3);
        assertThat(doc.select("*").stream().filter(e -> e.hasAttr("onerror") || e.hasAttr("onclick"))).isEmpty();
        // and they read back as the original text
        assertThat(doc.select("section.scenario h2").first().text()).contains(SCENARIO);
        assertThat(doc.select("div.target-section pre").text()).isEqualTo("plan " + EVIL);
        assertThat(doc.select("div.target-section td").first().text()).isEqualTo("SELECT '" + EVIL + "'");
        assertThat(doc.select("td.message").first().text()).contains(EVIL);
        assertThat(doc.select("ol.recommendations li").first().text()).contains("Fix " + EVIL);
    }

    @Test
    void embeddedJsonParsesBackToTheOriginalStrings() throws Exception {
        RunReport r = SyntheticReports.run(SCENARIO, EVIL, 60, 3, 1, 2);
        Matcher m = DATA.matcher(render(r));
        assertThat(m.find()).isTrue();
        JsonNode data = new ObjectMapper().readTree(m.group(1));
        JsonNode sc = data.get("scenarios").get(0);
        assertThat(sc.get("name").asText()).isEqualTo(SCENARIO);
        assertThat(sc.get("id").asText()).matches("[A-Za-z0-9_-]+");
        List<String> labels = new ArrayList<>();
        for (JsonNode c : sc.get("charts")) for (JsonNode s : c.get("series")) labels.add(s.get("label").asText());
        assertThat(labels).contains(EVIL + "op0", "ALL");
        assertThat(sc.get("spectrum").get(0).get("label").asText()).isEqualTo(EVIL + "op0");
        assertThat(sc.get("windows").findValuesAsText("kind")).contains("phase", "stall");
    }

    @Test
    void operationsTableCarriesTheReportsNumbers() {
        RunReport r = SyntheticReports.run(SCENARIO, EVIL, 60, 3, 1, 2);
        ScenarioReport s = r.scenarios().get(0);
        Document doc = Jsoup.parse(render(r));
        Element table = doc.getElementById("operations-" + HtmlEscape.id(SCENARIO));
        assertThat(table).isNotNull();
        assertThat(table.id()).isEqualTo("operations-mixed_load__script_alert_1___script___script_");
        List<OperationSummary> expected = new ArrayList<>(s.operations());
        expected.add(s.totals());
        assertThat(table.select("tr[data-operation]")).hasSize(expected.size());
        for (OperationSummary o : expected) {
            Element row = table.select("tr[data-operation]").stream().filter(e -> e.attr("data-operation").equals(o.name()))
                    .findFirst().orElseThrow();
            assertThat(row.select("td[data-key]").eachAttr("data-key")).isEqualTo(HtmlReportWriter.OPERATION_KEYS);
            assertThat(longAt(row, "attempts")).isEqualTo(o.attempts());
            assertThat(longAt(row, "ok")).isEqualTo(o.ok());
            assertThat(longAt(row, "failed")).isEqualTo(o.failed());
            assertThat(longAt(row, "unknown")).isEqualTo(o.unknown());
            assertThat(longAt(row, "retries")).isEqualTo(o.retries());
            assertThat(doubleAt(row, "throughput_ops")).isEqualTo(o.throughputPerSec());
            Map<String, ToDoubleFunction<LatencyStats>> lat = Map.of("mean_ms", LatencyStats::meanMs, "p50_ms", LatencyStats::p50Ms,
                    "p90_ms", LatencyStats::p90Ms, "p95_ms", LatencyStats::p95Ms, "p99_ms", LatencyStats::p99Ms,
                    "p999_ms", LatencyStats::p999Ms, "max_ms", LatencyStats::maxMs);
            lat.forEach((k, f) -> assertThat(doubleAt(row, k)).as(k).isEqualTo(f.applyAsDouble(o.latency())));
            assertThat(row.selectFirst("td[data-key=p95_ms]").text()).isNotBlank();
        }
        assertThat(table.select("tfoot tr").attr("data-operation")).isEqualTo("ALL");
    }

    @Test
    void aOneHourRunWithTenOperationsAndFiftyGaugesStaysUnderThreeMegabytes(@TempDir Path dir) throws Exception {
        RunReport r = SyntheticReports.run("endurance", "", 3600, 10, 5, 10);
        Path file = new HtmlReportWriter(Map.of()).write(r, dir);
        long size = Files.size(file);
        assertThat(size).isLessThan(3L * 1024 * 1024);
        String html = Files.readString(file, StandardCharsets.UTF_8);
        Matcher m = DATA.matcher(html);
        assertThat(m.find()).isTrue();
        JsonNode charts = new ObjectMapper().readTree(m.group(1)).get("scenarios").get(0).get("charts");
        assertThat(charts.size()).isEqualTo(3 + 5);
        // the one-second latency spike in the middle of the hour survives the thinning
        JsonNode latency = charts.get(2);
        assertThat(latency.get("key").asText()).isEqualTo("latency");
        assertThat(latency.get("x").size()).isLessThanOrEqualTo(HtmlChartData.MAX_POINTS);
        double max = 0;
        for (JsonNode v : latency.get("series").get(3).get("values")) max = Math.max(max, v.asDouble());
        assertThat(max).isEqualTo(5000);
    }

    @Test
    void thePageIsSelfContained() {
        String html = render(SyntheticReports.run("s", "", 30, 2, 1, 1));
        Document doc = Jsoup.parse(html);
        String csp = doc.selectFirst("meta[http-equiv=Content-Security-Policy]").attr("content");
        assertThat(csp).startsWith("default-src 'none'; script-src 'unsafe-inline' 'sha256-")
                .endsWith("; style-src 'unsafe-inline'; img-src data:");
        // each inline script's hash is in the policy, or a browser would refuse to run it
        for (Element script : doc.select("script:not([type])")) {
            String hash = java.util.Base64.getEncoder().encodeToString(sha256(script.data()));
            assertThat(csp).contains("'sha256-" + hash + "'");
        }
        assertThat(doc.select("[src], link[href], [srcset]")).isEmpty();
        assertThat(html).contains("MIT License").contains("Leon Sorokin").contains("@media print");
        assertThat(doc.select("div.chart").eachAttr("data-chart")).containsExactly("throughput", "errors", "latency",
                "monitor-monitor0", "spectrum");
    }

    @Test
    void monitorsWhoseNamesReduceToOneIdGetDistinctChartsAndTheDataMatchesTheDivs() throws Exception {
        List<dev.stampede.core.engine.MonitorSeries.Point> pts = List.of(new dev.stampede.core.engine.MonitorSeries.Point(1, Map.of("g", 1.0)));
        List<ScenarioReport.Monitor> mons = List.of(new ScenarioReport.Monitor("a b", null, Map.of(), pts),
                new ScenarioReport.Monitor("a_b", null, Map.of(), pts), new ScenarioReport.Monitor("empty", "could not read", Map.of(), List.of()));
        assertThat(HtmlChartData.monitorKeys(mons)).containsExactly("monitor-a_b", "monitor-a_b-2", null);
        String html = render(SyntheticReports.run("s", "", 30, 2, 2, 1));
        Document doc = Jsoup.parse(html);
        Matcher m = DATA.matcher(html);
        assertThat(m.find()).isTrue();
        List<String> keys = new ArrayList<>(new ObjectMapper().readTree(m.group(1)).get("scenarios").get(0).get("charts").findValuesAsText("key"));
        keys.add("spectrum");
        assertThat(doc.select("div.chart").eachAttr("data-chart")).isEqualTo(keys);
    }

    @Test
    void aSectionWithoutItsOwnHtmlShowsItsMarkdownEscaped() {
        ReportSection md = new ReportSection() {
            @Override public String key() { return "x"; }
            @Override public void markdown(Object extra, StringBuilder out) { out.append("| a | ").append(extra).append(" |\n"); }
        };
        HtmlOut out = new HtmlOut();
        md.html(EVIL, out);
        assertThat(out.html()).isEqualTo("<pre>| a | &lt;script&gt;alert(1)&lt;/script&gt;&lt;/script&gt; |\n</pre>\n");
    }

    private static byte[] sha256(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static long longAt(Element row, String key) {
        return Long.parseLong(row.selectFirst("td[data-key=" + key + "]").attr("data-value"));
    }

    private static double doubleAt(Element row, String key) {
        return Double.parseDouble(row.selectFirst("td[data-key=" + key + "]").attr("data-value"));
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) n++;
        return n;
    }
}
