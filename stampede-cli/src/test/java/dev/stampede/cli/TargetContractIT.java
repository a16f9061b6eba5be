package dev.stampede.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One run across two targets: the in-test counter drives the load while the configured PostgreSQL service is
 * opened for its monitors only (no pool, no data loaded), and one report holds both on one clock.
 */
class TargetContractIT {
    @TempDir
    Path dir;

    @Test
    void aConfiguredTargetSamplesWhileAnotherOneIsLoaded() throws Exception {
        Path cfg = Files.writeString(dir.resolve("stack.yaml"), """
                thresholds: {max_error_rate_percent: 20}
                scenarios:
                  counting: {workload: counter, connections: 2, duration: 2s}
                """);
        Path out = dir.resolve("out");
        Cli r = Cli.run(Map.of("DATABASE_URL", Cli.PG), "run", "--config", cfg.toString(), "--scenarios", "counting",
                "--schema", "stampede_it_contract", "--output", out.toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("Counter target open").contains("Target: ").doesNotContain("Preparing workload");
        JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(json.get("target").get("server").asText()).startsWith("PostgreSQL ");
        assertThat(json.get("target").get("counter").asText()).isEqualTo("in-process counter");
        JsonNode s = json.get("scenarios").get(0);
        List<String> monitors = new ArrayList<>();
        s.get("monitors").forEach(m -> monitors.add(m.get("name").asText()));
        assertThat(monitors).contains("counter", "pg_database", "generator").doesNotContain("pool");
        assertThat(s.get("extras").has("postgres_health")).isTrue();
        assertThat(s.get("extras").has("counter")).isTrue();
        // the counter's attempts, as the counter itself counted them, are the report's attempts
        assertThat(s.get("totals").get("attempts").asLong()).isEqualTo(s.get("extras").get("counter").get("calls_seen").asLong());
        assertThat(Files.readString(out.resolve("report.md"))).contains("### Counter target").contains("Database health");
    }
}
