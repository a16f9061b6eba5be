package dev.stampede.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** `stampede run` end to end against the PostgreSQL service. */
class RunCommandIT {
    static final String SCHEMA = "stampede_it_cli";
    static final String PASSWORD = "Sup3rSecretPassw0rd";

    @TempDir
    Path dir;

    @AfterAll
    static void dropSchema() throws Exception {
        Cli.dropSchema(SCHEMA);
    }

    private static String withPassword(String url) {
        return url.replace("postgresql://postgres@", "postgresql://postgres:" + PASSWORD + "@");
    }

    @Test
    void aShortRunWritesEveryReportWithCountsThatAddUpAndNoPassword() throws Exception {
        Path out = dir.resolve("results");
        Cli r = Cli.run(Map.of("DATABASE_URL", withPassword(Cli.PG)), "run", "--scenarios", "quick", "--duration", "2s",
                "--connections", "3", "--schema", SCHEMA, "--output", out.toString(), "--seed", "11");
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("Overall: ").contains("report.json");
        for (String f : new String[]{"report.json", "report.md", "report.html", "operations.csv", "timeseries.csv", "monitors.csv"}) {
            assertThat(out.resolve(f)).exists();
        }
        JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(json.get("schema_version").asInt()).isEqualTo(1);
        assertThat(json.get("exit_code").asInt()).isEqualTo(r.code());
        assertThat(json.get("config_hash").asText()).matches("[0-9a-f]{16}");
        assertThat(json.get("partial").asBoolean()).isFalse();
        JsonNode scenario = json.get("scenarios").get(0);
        JsonNode totals = scenario.get("totals");
        long sum = 0;
        for (JsonNode op : scenario.get("operations")) {
            assertThat(op.get("attempts").asLong()).isEqualTo(op.get("ok").asLong() + op.get("failed").asLong() + op.get("unknown").asLong());
            sum += op.get("attempts").asLong();
        }
        assertThat(totals.get("attempts").asLong()).isEqualTo(sum).isPositive();
        assertThat(totals.get("latency").get("p99_ms").asDouble()).isLessThanOrEqualTo(totals.get("latency").get("max_ms").asDouble());
        assertThat(scenario.get("verdicts")).isNotEmpty();
        assertThat(json.get("config").get("run").get("seed").asLong()).isEqualTo(11);
        assertThat(Files.readString(out.resolve("report.md"))).contains("### Test Summary", "### Key Findings", "### Thresholds",
                "### Recommendations");
        assertThat(Files.readAllLines(out.resolve("timeseries.csv")).size()).isGreaterThan(2);
        assertThat(Files.readString(out.resolve("report.html"))).contains("<table class=\"sortable operations\" id=\"operations-quick\">",
                "<tr data-operation=\"ALL\">", "id=\"stampede-data\"", "data-section=\"postgres_health\"");
        assertThat(totals.get("latency").get("spectrum")).isNotEmpty();
        assertThat(r.all()).doesNotContain(PASSWORD);
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.toList()) assertThat(Files.readString(f)).as(f.toString()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void thresholdFailureExitsWithOne() {
        Cli r = Cli.run(Map.of("DATABASE_URL", Cli.PG), "run", "--scenarios", "quick", "--duration", "1s", "--connections", "2",
                "--schema", SCHEMA, "--output", dir.toString(), "--config", write("t.yaml",
                        "thresholds:\n  max_p99_response_time_ms: 0.001\nscenarios:\n  quick:\n    warmup: 0s\n").toString());
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.THRESHOLDS_FAILED);
        assertThat(r.out()).contains("P99 response time").contains("over the limit");
    }

    @Test
    void withoutDatabaseUrlTheEmbeddedServerIsUsedAndStopped() throws Exception {
        Cli r = Cli.run(Map.of(), "run", "--quick", "--duration", "2s", "--connections", "2", "--output", dir.toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("No DATABASE_URL set: starting an embedded PostgreSQL");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertThat(json.get("target").get("database").asText()).contains("embedded");
        assertThat(json.get("target").get("server").asText()).startsWith("PostgreSQL 18");
    }

    private Path write(String name, String text) {
        try {
            Path p = dir.resolve(name);
            Files.writeString(p, text);
            return p;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
