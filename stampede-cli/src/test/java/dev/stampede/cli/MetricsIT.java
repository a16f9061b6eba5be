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

    /** The value of the sample {@code name} with exactly {@code labels} (JSON, sorted keys) in parsed output, or -1. */
    static double sample(String parsed, String name, String labels) {
        for (String line : parsed.split("\n")) {
            String[] f = line.split("\t");
            if (f.length == 4 && f[1].equals(name) && f[2].equals(labels)) return Double.parseDouble(f[3]);
        }
        return -1;
    }

    @Test
    void theEndpointIsScrapedDuringTheRunAndParsesWithPrometheusOwnParser() throws Exception {
        int port = freePort();
        Path out = dir.resolve("out");
        CompletableFuture<Cli> run = CompletableFuture.supplyAsync(() -> Cli.run(Map.of("DATABASE_URL", Cli.PG), "run", "--scenarios",
                "quick", "--duration", "5s", "--connections", "2", "--schema", SCHEMA, "--output", out.toString(), "--repeat", "2",
                "--metrics-port", String.valueOf(port), "--set", "scenarios.quick.warmup=0s"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String firstRunLive = null, firstRunLater = null, secondRunLive = null;
        double firstCount = -1;
        String lookup1 = "{\"operation\": \"player_lookup\", \"scenario\": \"quick#1\"}";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && !run.isDone() && secondRunLive == null) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                String body = r.body();
                if (body.contains("scenario=\"quick#2\"")) {
                    if (body.contains("stampede_operation_latency_seconds_bucket{operation=\"player_lookup\",scenario=\"quick#2\"")) secondRunLive = body;
                } else if (body.contains("stampede_operation_latency_seconds_bucket{operation=\"player_lookup\",scenario=\"quick#1\"")) {
                    // the first run is still going (the second has not started): its histogram must grow between scrapes
                    double count = sample(parse(body), "stampede_operation_latency_seconds_count", lookup1);
                    if (firstRunLive == null) {
                        firstRunLive = body;
                        firstCount = count;
                    } else if (count > firstCount && firstRunLater == null) {
                        firstRunLater = body;
                    }
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        Cli result = run.get(120, TimeUnit.SECONDS);
        assertThat(result.code()).as(result.all()).isZero();
        assertThat(firstRunLive).as("a scrape with the first run's histogram before the second run began: " + result.all()).isNotNull();
        assertThat(firstRunLater).as("a later scrape during the first run with a larger count (live, not at the scenario's end)")
                .isNotNull();
        assertThat(firstCount).isPositive();
        assertThat(secondRunLive).as("the second run's histogram while it ran").isNotNull();
        String samples = parse(firstRunLater);
        assertThat(samples).contains("histogram\tstampede_operation_latency_seconds_bucket\t")
                .containsPattern("counter\tstampede_operation_attempts_total\t\\{\"operation\": \"player_lookup\", \"outcome\": \"ok\", \"scenario\": \"quick#1\"\\}\t[1-9]")
                .containsPattern("gauge\tstampede_monitor_value\t\\{\"monitor\": \"generator\", \"scenario\": \"quick#1\", \"series\": \"heap_used_mb\"\\}")
                .containsPattern("gauge\tstampede_monitor_value\t\\{\"monitor\": \"pool\"")
                .contains("stampede_scenario_attempts_total\t{\"scenario\": \"quick#1\"}");
        assertThat(parse(secondRunLive)).contains("stampede_scenario_attempts_total\t{\"scenario\": \"quick#2\"}");

        // at the end (metrics.prom), the histogram's count and the outcome counters are the report's own numbers
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        String file = parse(Files.readString(out.resolve("metrics.prom")));
        for (int run1 = 0; run1 < 2; run1++) {
            JsonNode scenario = report.get("scenarios").get(run1);
            String name = scenario.get("name").asText();
            for (JsonNode op : scenario.get("operations")) {
                String labels = "{\"operation\": \"" + op.get("name").asText() + "\", \"scenario\": \"" + name + "\"}";
                assertThat((long) sample(file, "stampede_operation_latency_seconds_count", labels)).as(labels)
                        .isEqualTo(op.get("attempts").asLong());
                String ok = "{\"operation\": \"" + op.get("name").asText() + "\", \"outcome\": \"ok\", \"scenario\": \"" + name + "\"}";
                assertThat((long) sample(file, "stampede_operation_attempts_total", ok)).as(ok).isEqualTo(op.get("ok").asLong());
                // the +Inf bucket is the count, and the 10 s bucket holds every attempt of a healthy run
                String inf = "{\"le\": \"+Inf\", \"operation\": \"" + op.get("name").asText() + "\", \"scenario\": \"" + name + "\"}";
                assertThat((long) sample(file, "stampede_operation_latency_seconds_bucket", inf)).isEqualTo(op.get("attempts").asLong());
            }
            String all = "{\"operation\": \"ALL\", \"scenario\": \"" + name + "\"}";
            assertThat((long) sample(file, "stampede_operation_latency_seconds_count", all)).isEqualTo(scenario.get("totals").get("attempts").asLong());
        }

        // the Grafana dashboard is valid JSON that Grafana imports (panels with a Prometheus target each) and queries only
        // series, and monitor/series label pairs, that a real scrape has
        Set<String> names = new HashSet<>();
        Set<String> monitorSeries = new HashSet<>();
        for (String line : file.split("\n")) {
            if (line.isBlank()) continue;
            String[] f = line.split("\t");
            names.add(f[1]);
            JsonNode labels = new ObjectMapper().readTree(f[2]);
            if (labels.has("monitor")) monitorSeries.add(labels.get("monitor").asText() + "/" + labels.get("series").asText());
        }
        JsonNode dash = new ObjectMapper().readTree(Path.of("..", "docs", "grafana", "stampede-dashboard.json").toFile());
        assertThat(dash.get("title").asText()).isNotBlank();
        assertThat(dash.get("uid").asText()).isNotBlank();
        assertThat(dash.get("schemaVersion").asInt()).isPositive();
        assertThat(dash.get("panels")).isNotEmpty();
        Set<Integer> ids = new HashSet<>();
        int queries = 0;
        Pattern selector = Pattern.compile("monitor=\"([^\"]+)\", series=\"([^\"]+)\"");
        for (JsonNode panel : dash.get("panels")) {
            assertThat(ids.add(panel.get("id").asInt())).as("unique panel id").isTrue();
            assertThat(panel.get("datasource").get("type").asText()).isEqualTo("prometheus");
            assertThat(panel.get("targets")).isNotEmpty();
            for (JsonNode t : panel.get("targets")) {
                String expr = t.get("expr").asText();
                Matcher q = Pattern.compile("stampede_[a-z0-9_]+").matcher(expr);
                while (q.find()) {
                    assertThat(names).as("series in the Grafana panel '" + panel.get("title").asText() + "'").contains(q.group());
                    queries++;
                }
                Matcher sel = selector.matcher(expr);
                while (sel.find()) {
                    assertThat(monitorSeries).as("monitor series in the Grafana panel '" + panel.get("title").asText() + "'")
                            .contains(sel.group(1) + "/" + sel.group(2));
                }
            }
        }
        assertThat(queries).isGreaterThan(10);

        // the example alert rules query series that exist, too
        JsonNode alerts = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(Path.of("..", "docs", "prometheus", "stampede-alerts.yml").toFile());
        int rules = 0;
        for (JsonNode g : alerts.get("groups")) {
            for (JsonNode rule : g.get("rules")) {
                String expr = rule.get("expr").asText();
                Matcher q = Pattern.compile("stampede_[a-z0-9_]+").matcher(expr);
                while (q.find()) assertThat(names).as("alert " + rule.get("alert").asText()).contains(q.group());
                Matcher sel = selector.matcher(expr);
                while (sel.find()) assertThat(monitorSeries).as("alert " + rule.get("alert").asText()).contains(sel.group(1) + "/" + sel.group(2));
                rules++;
            }
        }
        assertThat(rules).isEqualTo(4);
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
