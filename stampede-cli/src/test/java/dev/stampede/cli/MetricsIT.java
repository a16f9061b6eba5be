package dev.stampede.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --metrics-port}: the endpoint scraped during a run and parsed by an independent parser (Debian's
 * python3-prometheus-client, which scripts/setup-test-tools.sh installs), the end-of-run file, the Grafana dashboard's
 * queries against the series that exist, and a port in use.
 */
class MetricsIT {
    static final String SCHEMA = "stampede_it_metrics";
    /** Prints one line per sample: family type, sample name, labels as JSON, value. */
    static final String PARSER = String.join("\n",
            "import sys, json",
            "from prometheus_client.parser import text_string_to_metric_families",
            "for f in text_string_to_metric_families(sys.stdin.read()):",
            "    for s in f.samples:",
            "        print(f.type, s.name, json.dumps(s.labels, sort_keys=True), s.value, sep='\\t')");

    @TempDir
    Path dir;

    @AfterAll
    static void dropSchema() throws Exception {
        Cli.dropSchema(SCHEMA);
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static String parse(String text) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", PARSER).redirectErrorStream(true).start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("python3-prometheus-client parser (scripts/setup-test-tools.sh installs it): " + out).isZero();
        return out;
    }

    @Test
    void theEndpointIsScrapedDuringTheRunAndParsesWithPrometheusOwnParser() throws Exception {
        int port = freePort();
        Path out = dir.resolve("out");
        CompletableFuture<Cli> run = CompletableFuture.supplyAsync(() -> Cli.run(Map.of("DATABASE_URL", Cli.PG), "run", "--scenarios",
                "quick", "--duration", "3s", "--connections", "2", "--schema", SCHEMA, "--output", out.toString(), "--repeat", "2",
                "--metrics-port", String.valueOf(port), "--set", "scenarios.quick.warmup=0s"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String scraped = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !run.isDone()) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                // the first run has finished (per-operation histograms) and the second is live
                if (r.body().contains("stampede_operation_latency_seconds_bucket") && r.body().contains("scenario=\"quick#2\"")) {
                    scraped = r.body();
                    break;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        Cli result = run.get(90, TimeUnit.SECONDS);
        assertThat(scraped).as("scraped while the run lasted: " + result.all()).isNotNull();
        assertThat(result.code()).as(result.all()).isZero();
        String samples = parse(scraped);
        assertThat(samples).contains("histogram\tstampede_operation_latency_seconds_bucket\t")
                .containsPattern("counter\tstampede_operation_attempts_total\t\\{\"operation\": \"player_lookup\", \"outcome\": \"ok\", \"scenario\": \"quick#1\"\\}\t[1-9]")
                .containsPattern("gauge\tstampede_monitor_value\t\\{\"monitor\": \"generator\", \"scenario\": \"quick#1\", \"series\": \"heap_used_mb\"\\}")
                .containsPattern("gauge\tstampede_monitor_value\t\\{\"monitor\": \"pool\"")
                .contains("stampede_scenario_attempts_total\t{\"scenario\": \"quick#2\"}");

        // the histogram's count is the report's attempts for that operation
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        long attempts = -1;
        for (JsonNode op : report.get("scenarios").get(0).get("operations")) {
            if (op.get("name").asText().equals("player_lookup")) attempts = op.get("attempts").asLong();
        }
        Matcher m = Pattern.compile("stampede_operation_latency_seconds_count\t\\{\"operation\": \"player_lookup\", \"scenario\": \"quick#1\"\\}\t([0-9.]+)")
                .matcher(samples);
        assertThat(m.find()).as(samples).isTrue();
        assertThat((long) Double.parseDouble(m.group(1))).isEqualTo(attempts).isPositive();

        // the file at the end has the same families, both runs finished
        String file = Files.readString(out.resolve("metrics.prom"));
        assertThat(parse(file)).contains("stampede_operation_latency_seconds_count\t{\"operation\": \"ALL\", \"scenario\": \"quick#2\"}");

        // the Grafana dashboard is valid JSON and queries only series that exist
        Set<String> names = new HashSet<>();
        for (String line : samples.split("\n")) if (!line.isBlank()) names.add(line.split("\t")[1]);
        JsonNode dash = new ObjectMapper().readTree(Path.of("..", "docs", "grafana", "stampede-dashboard.json").toFile());
        assertThat(dash.get("panels")).isNotEmpty();
        int queries = 0;
        for (JsonNode panel : dash.get("panels")) {
            for (JsonNode t : panel.get("targets")) {
                Matcher q = Pattern.compile("stampede_[a-z0-9_]+").matcher(t.get("expr").asText());
                while (q.find()) {
                    assertThat(names).as("series in the Grafana panel '" + panel.get("title").asText() + "'").contains(q.group());
                    queries++;
                }
            }
        }
        assertThat(queries).isGreaterThan(5);
    }

    @Test
    void aPortInUseIsBadInputBeforeAnythingRuns() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Cli r = Cli.run(Map.of("DATABASE_URL", Cli.PG), "run", "--quick", "--schema", SCHEMA, "--output", dir.toString(),
                    "--metrics-port", String.valueOf(taken.getLocalPort()));
            assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(r.err()).contains("--metrics-port " + taken.getLocalPort() + ": the port is in use").doesNotContain("Exception");
            assertThat(r.out()).doesNotContain("Scenario quick");
        }
    }
}
