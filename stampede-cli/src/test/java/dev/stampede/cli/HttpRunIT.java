package dev.stampede.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampede.core.engine.NanoClock;
import dev.stampede.http.demo.DemoBackend;
import dev.stampede.http.demo.DemoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP target through the CLI: {@code http-quick} with nothing set (the reference stack over the embedded PostgreSQL
 * and Redis, one report with all their sections), response and persona text rendered as text in report.html (headless
 * Chromium), and bad input (refused base URL, bad persona file) with its exit code. Servers on 127.0.0.1 only.
 */
class HttpRunIT {
    static DemoServer echo;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        // the reference server alone: its echo, health and upload endpoints need no database
        echo = DemoServer.start(new DemoBackend(null, "unused", null, "stampede:"), 0, 2, 0, NanoClock.SYSTEM);
    }

    @AfterAll
    static void stop() {
        if (echo != null) echo.close();
    }

    @Test
    void httpQuickWithNothingSetReportsHttpPoolDatabaseAndRedis() throws Exception {
        Path out = dir.resolve("quick");
        Cli r = Cli.run(Map.of(), "run", "--scenarios", "http-quick", "--output", out.toString());
        assertThat(r.code()).as(r.all()).isZero();
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        JsonNode s = report.get("scenarios").get(0);
        JsonNode http = s.get("extras").get("http");
        assertThat(http).as("http section").isNotNull();
        long sectionRequests = http.get("requests").asLong();
        long attempts = s.get("totals").get("attempts").asLong();
        // the HTTP section counts responses and failures itself; the engine counts attempts: the same requests
        assertThat(sectionRequests).isEqualTo(attempts).isPositive();
        assertThat(http.get("throttled").asLong()).as("the upload persona meets the rate limit").isPositive();
        boolean uploadThrottled = false;
        for (JsonNode e : http.get("endpoints")) {
            if (e.get("operation").asText().endsWith("upload") && e.get("throttled").asLong() > 0) {
                uploadThrottled = e.get("retry_after").size() > 0 || e.has("retryAfter");
            }
        }
        assertThat(uploadThrottled).as("Retry-After values kept").isTrue();
        assertThat(s.get("totals").get("latency")).isNotNull();
        assertThat(s.get("extras").fieldNames()).toIterable().contains("http", "redis");
        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("### HTTP", "### Database health", "### Redis", "| pool | active");
        assertThat(Files.readString(out.resolve("report.html"))).contains("HTTP", "throttled");
    }

    @Test
    void scriptInResponseBodyHeaderAndPersonaNameRendersAsText() throws Exception {
        String persona = "<script>document.title='PWNED-PERSONA'</script>";
        String body = "<script>document.title='PWNED-BODY'</script>";
        String header = "<script>document.title='PWNED-HEADER'</script>";
        Map<String, Object> cfg = Map.of(
                "http", Map.of("base_url", echo.baseUrl(), "personas", List.of(Map.of("name", persona, "tasks", List.of(
                        // the body is not JSON: the failure message quotes it
                        Map.of("name", "echo_body", "request", Map.of("path", "/api/echo", "query", Map.of("text", body)),
                                "check", Map.of("json", Map.of("$.x", "1"))),
                        // a throttled response: the HTTP section lists the Retry-After header values it saw
                        Map.of("name", "echo_header", "request", Map.of("path", "/api/echo", "query", Map.of("text", "t",
                                "retry_after", header))))))),
                "thresholds", Map.of("max_error_rate_percent", 100),
                "scenarios", Map.of("xss", Map.of("workload", "http", "connections", 1, "iterations", 40)));
        Path file = Files.writeString(dir.resolve("xss.json"), new ObjectMapper().writeValueAsString(cfg));
        Path out = dir.resolve("xss");
        Cli r = Cli.run(Map.of(), "run", "--config", file.toString(), "--scenarios", "xss", "--output", out.toString());
        assertThat(r.code()).as(r.all()).isIn(0, 1);
        String json = Files.readString(out.resolve("report.json"));
        assertThat(json).contains("PWNED-BODY", "PWNED-HEADER", "PWNED-PERSONA");
        HeadlessChromium.Page page = HeadlessChromium.load(out.resolve("report.html"), dir.resolve("chromium-http"));
        assertThat(page.console()).isEmpty();
        assertThat(page.dom()).contains("data-ready=\"true\"").doesNotContain("<title>PWNED").doesNotContain("<script>document.title='PWNED");
        assertThat(page.dom()).contains("&lt;script&gt;document.title='PWNED-PERSONA'&lt;/script&gt;",
                "&lt;script&gt;document.title='PWNED-BODY'&lt;/script&gt;", "&lt;script&gt;document.title='PWNED-HEADER'&lt;/script&gt;");
    }

    @Test
    void refusedBaseUrlIsExitThreeWithTheFix() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Cli r = Cli.run(Map.of("API_BASE_URL", "http://127.0.0.1:" + port), "run", "--scenarios", "http-level-quick", "--duration", "2s",
                "--output", dir.resolve("refused").toString());
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.TARGET_UNREACHABLE);
        assertThat(r.all()).contains("connection refused", "port " + port, "API_BASE_URL").doesNotContain("\tat ");
    }

    @Test
    void malformedUrlAndBadPersonaFileAreExitTwoWithTheirPlace() throws Exception {
        Cli bad = Cli.run(Map.of("API_BASE_URL", "http//nohost"), "run", "--scenarios", "http-level-quick", "--duration", "2s");
        assertThat(bad.code()).as(bad.all()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(bad.all()).contains("http.base_url", "http://host:port").doesNotContain("\tat ");
        Path personas = Files.writeString(dir.resolve("p.yaml"), """
                personas:
                  - name: r
                    tasks:
                      - name: a
                        request: {path: /health}
                        wait: 1
                """);
        Path cfg = Files.writeString(dir.resolve("c.json"), new ObjectMapper().writeValueAsString(Map.of("http", Map.of("base_url",
                echo.baseUrl(), "personas_file", personas.toString()))));
        Cli r = Cli.run(Map.of(), "run", "--config", cfg.toString(), "--scenarios", "http-level-quick", "--duration", "2s");
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.all()).contains("unknown step 'wait'", "line 6, column 9").doesNotContain("\tat ");
    }
}
