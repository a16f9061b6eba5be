package dev.stampede.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11's "done when": {@code run --scenarios resilience --time-scale 0.1} on the embedded servers. Every write
 * scenario loses no acknowledged write (the table read back, against the workload's ledger), every fault was applied
 * and recovered from within the scenario, the two retry-storm runs show different amplification inside the window
 * (immediate retries multiply the attempts, the breaker refuses them), the breaker's timeline opens during the fault,
 * and the monitoring connection keeps sampling the server after the embedded restart.
 */
class ResilienceSetIT {
    @Test
    void resilienceSetOnTheEmbeddedServers(@TempDir Path dir) throws Exception {
        long start = System.nanoTime();
        Cli r = Cli.run(Map.of(), "run", "--scenarios", "resilience", "--time-scale", "0.1", "--output", dir.toString());
        double wall = (System.nanoTime() - start) / 1e9;
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(wall).as("wall time, s").isLessThan(180);
        JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode s : report.get("scenarios")) byName.put(s.get("name").asText(), s);
        assertThat(byName.keySet()).containsExactlyInAnyOrder("resilience-pool-exhaustion", "resilience-blackhole",
                "resilience-storm-immediate", "resilience-storm-backoff", "resilience-restart");

        JsonNode exhaustion = byName.get("resilience-pool-exhaustion").get("extras").get("postgres_pool").get("exhaustion");
        assertThat(exhaustion.get("pool_timeouts").asLong()).isPositive();
        assertThat(exhaustion.get("recovered").asBoolean()).isTrue();
        assertThat(exhaustion.get("still_out").asInt()).isZero();

        for (String name : List.of("resilience-blackhole", "resilience-storm-immediate", "resilience-storm-backoff", "resilience-restart")) {
            JsonNode ex = byName.get(name).get("extras");
            JsonNode acked = ex.get("acked_writes");
            assertThat(acked.get("lost").asLong()).as(name + " lost acknowledged writes").isZero();
            assertThat(acked.get("pending").asLong()).as(name + " writes without an outcome").isZero();
            assertThat(acked.get("acknowledged").asLong()).as(name).isPositive();
            JsonNode w = ex.get("faults").get("windows").get(0);
            assertThat(w.get("applied_start_s").isNumber()).as(name + " fault applied: " + w).isTrue();
            assertThat(w.get("recovery_s").isNumber()).as(name + " recovered: " + w).isTrue();
        }
        JsonNode immediate = byName.get("resilience-storm-immediate").get("extras").get("resilience");
        JsonNode backoff = byName.get("resilience-storm-backoff").get("extras").get("resilience");
        assertThat(immediate.get("fault_amplification").asDouble()).as("immediate retries multiply attempts in the outage").isGreaterThan(2);
        assertThat(backoff.get("fault_amplification").asDouble()).as("the open breaker sends almost nothing").isLessThan(1);
        assertThat(backoff.get("rejected_by_breaker").asLong()).isPositive();
        JsonNode first = backoff.get("breaker").get(0);
        JsonNode window = byName.get("resilience-storm-backoff").get("extras").get("faults").get("windows").get(0);
        assertThat(first.get("to").asText()).isEqualTo("open");
        assertThat(first.get("at_s").asDouble()).isBetween(window.get("applied_start_s").asDouble(), window.get("applied_end_s").asDouble());
        assertThat(backoff.get("breaker_state_at_end").asText()).isEqualTo("closed");

        // the health monitors' own connection reconnects after the restart: pg_database samples after the window's end
        double restartEnd = byName.get("resilience-restart").get("extras").get("faults").get("windows").get(0).get("applied_end_s").asDouble();
        long after = Files.readAllLines(dir.resolve("monitors.csv")).stream().map(l -> l.split(","))
                .filter(f -> f[0].equals("resilience-restart") && f[1].equals("pg_database") && f[3].equals("commits"))
                .filter(f -> Double.parseDouble(f[2]) > restartEnd + 1).count();
        assertThat(after).as("pg_database samples more than 1 s after the restart").isGreaterThanOrEqualTo(2);
        assertThat(Files.readString(dir.resolve("report.md"))).contains("Recovery after fault #1");
    }
}
