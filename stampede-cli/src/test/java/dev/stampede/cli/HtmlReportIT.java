package dev.stampede.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * report.html in a real browser (headless Chromium): the charts draw, the page logs nothing to its console, the
 * operations table shows the numbers report.json holds (read here with Jackson, independently of the writer),
 * and text from users and targets (operation names, SQL, error messages) renders as text: nothing executes.
 */
class HtmlReportIT {
    static final String SCHEMA = "stampede_it_html";
    private static final Pattern ATTR = Pattern.compile("([a-zA-Z-]+)=\"([^\"]*)\"");

    @TempDir
    Path dir;

    @AfterAll
    static void dropSchema() throws Exception {
        Cli.dropSchema(SCHEMA);
    }

    /** The attributes of every {@code <td>} in the table row of {@code operation} in {@code scenario}'s table, by data-key. */
    private static Map<String, String> row(String dom, String scenario, String operation) {
        int table = dom.indexOf("id=\"operations-" + scenario + "\"");
        assertThat(table).as("table operations-" + scenario).isNotNegative();
        int tr = dom.indexOf("data-operation=\"" + operation + "\"", table);
        assertThat(tr).as("row " + operation).isNotNegative();
        String cells = dom.substring(tr, dom.indexOf("</tr>", tr));
        Map<String, String> values = new HashMap<>();
        Matcher td = Pattern.compile("<td([^>]*)>").matcher(cells);
        while (td.find()) {
            Map<String, String> a = new HashMap<>();
            Matcher m = ATTR.matcher(td.group(1));
            while (m.find()) a.put(m.group(1), m.group(2));
            if (a.containsKey("data-key")) values.put(a.get("data-key"), a.get("data-value"));
        }
        return values;
    }

    private static void assertSameNumbers(Map<String, String> cells, JsonNode op) {
        for (String k : new String[]{"attempts", "ok", "failed", "unknown", "retries"}) {
            assertThat(Long.parseLong(cells.get(k))).as(k).isEqualTo(op.get(k).asLong());
        }
        assertThat(Double.parseDouble(cells.get("throughput_ops"))).isCloseTo(op.get("throughput_per_sec").asDouble(),
                org.assertj.core.data.Offset.offset(1e-6));
        JsonNode lat = op.get("latency");
        for (String k : new String[]{"mean_ms", "p50_ms", "p90_ms", "p95_ms", "p99_ms", "p999_ms", "max_ms"}) {
            assertThat(Double.parseDouble(cells.get(k))).as(k).isCloseTo(lat.get(k).asDouble(), org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void theReportDrawsInABrowserAndItsTableMatchesReportJson() throws Exception {
        Path out = dir.resolve("out");
        Cli r = Cli.run(Map.of("DATABASE_URL", Cli.PG), "run", "--scenarios", "quick", "--duration", "3s", "--connections", "3",
                "--workload", "select-only", "--schema", SCHEMA, "--output", out.toString());
        assertThat(r.code()).as(r.all()).isZero();
        Path html = out.resolve("report.html");
        assertThat(html).isRegularFile();
        HeadlessChromium.Page page = HeadlessChromium.load(html, dir.resolve("chromium"));
        assertThat(page.console()).as("console messages").isEmpty();
        assertThat(page.dom()).contains("data-ready=\"true\"");
        assertThat(Pattern.compile("<canvas").matcher(page.dom()).results().count()).as("charts drawn").isGreaterThanOrEqualTo(3);
        Path png = dir.resolve("report.png");
        HeadlessChromium.screenshot(html, png, dir.resolve("shot"));
        assertThat(Files.size(png)).as("screenshot bytes").isGreaterThan(20_000);

        JsonNode s = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("scenarios").get(0);
        for (JsonNode op : s.get("operations")) assertSameNumbers(row(page.dom(), "quick", op.get("name").asText()), op);
        assertSameNumbers(row(page.dom(), "quick", "ALL"), s.get("totals"));
    }

    @Test
    void scriptInSqlAndErrorMessagesRendersAsText() throws Exception {
        String sql = "SELECT '</script><script>document.title=\"PWNED-SQL\"</script>' AS x";
        String err = "SELECT CAST('</script><script>document.title=\"PWNED-ERR\"</script>' AS int)";
        Path cfg = Files.writeString(dir.resolve("xss.json"), new ObjectMapper().writeValueAsString(Map.of(
                "workload", Map.of("type", "custom", "statements", java.util.List.of(
                        Map.of("name", "xss_sql", "sql", sql), Map.of("name", "xss_err", "sql", err))),
                "thresholds", Map.of("max_error_rate_percent", 100))));
        Path out = dir.resolve("xss");
        // embedded PostgreSQL: pg_stat_statements is there, so the SQL text reaches the health section
        Cli r = Cli.run(Map.of(), "run", "--config", cfg.toString(), "--scenarios", "quick", "--duration", "2s",
                "--connections", "2", "--output", out.toString());
        assertThat(r.code()).as(r.all()).isIn(0, 1);
        HeadlessChromium.Page page = HeadlessChromium.load(out.resolve("report.html"), dir.resolve("chromium-xss"));
        assertThat(page.console()).isEmpty();
        assertThat(page.dom()).contains("data-ready=\"true\"").doesNotContain("PWNED-SQL</title>").doesNotContain("PWNED-ERR</title>");
        assertThat(page.dom()).doesNotContain("<title>PWNED");
        assertThat(page.dom()).contains("&lt;/script&gt;&lt;script&gt;document.title");
    }

    @Test
    void scriptInAnOperationNameRendersAsText() throws Exception {
        String name = "<script>document.title='PWNED-OP'</script>";
        Path cfg = Files.writeString(dir.resolve("op.json"), new ObjectMapper().writeValueAsString(Map.of(
                "counter", Map.of("operation", name, "fail_every", 5),
                "thresholds", Map.of("max_error_rate_percent", 100),
                "scenarios", Map.of("xss", Map.of("workload", "counter", "connections", 1, "iterations", 50)))));
        Path out = dir.resolve("op");
        Cli r = Cli.run(Map.of(), "run", "--config", cfg.toString(), "--scenarios", "xss", "--output", out.toString());
        assertThat(r.code()).as(r.all()).isIn(0, 1);
        HeadlessChromium.Page page = HeadlessChromium.load(out.resolve("report.html"), dir.resolve("chromium-op"));
        assertThat(page.console()).isEmpty();
        assertThat(page.dom()).contains("data-ready=\"true\"").doesNotContain("<title>PWNED").doesNotContain("<script>document.title='PWNED");
        assertThat(page.dom()).contains("&lt;script&gt;document.title='PWNED-OP'&lt;/script&gt;");
    }
}
