package dev.stampede.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The capacity search end to end against PostgreSQL, on a workload whose capacity is known by construction: each attempt
 * takes one of eight advisory locks (round robin by a sequence) and holds it 100 ms, so at most 8 / 0.1 s = 80 attempts a
 * second can complete, whatever the pool or the generator do (32 in-flight slots). A second run limits the generator
 * instead (two in-flight slots for a 20 ms statement) and must come back inconclusive.
 */
class CapacityIT {
    static final String SCHEMA = "stampede_it_a_capacity";
    static final double KNOWN_CAPACITY = 8 / 0.1;

    @TempDir
    Path dir;

    @AfterAll
    static void dropSchema() throws Exception {
        Cli.dropSchema(SCHEMA);
    }

    /**
     * One statement per file: the custom workload runs all its statements in every scenario (it does not take a
     * scenario's {@code operations} subset), so each scenario gets a configuration of its own.
     */
    private Path config(String name, String sql, int connections, String capacity) throws Exception {
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, """
                workload:
                  type: custom
                  setup:
                    - CREATE SEQUENCE IF NOT EXISTS cap_ticket
                  statements:
                    - name: %2$s
                      sql: %3$s
                scenarios:
                  %2$s:
                    description: capacity known by construction
                    connections: %4$d
                    duration: 10s
                    capacity: %5$s
                """.formatted(SCHEMA, name, sql, connections, capacity));
        return f;
    }

    @Test
    void findsTheKnownCapacityOfEightLocksHeld100msAndNamesTheLockWait() throws Exception {
        Path out = dir.resolve("results");
        Path locksConfig = config("locks", "SELECT pg_advisory_xact_lock(16016, (nextval('" + SCHEMA + ".cap_ticket') % 8)::int), pg_sleep(0.1)",
                32, "{p99_ms: 250, error_rate_percent: 1, start_rate: 25, max_rate: 400, probe_seconds: 4, warmup_seconds: 1, confirmations: 1}");
        Cli r = Cli.run(Map.of("DATABASE_URL", Cli.PG), "run", "--config", locksConfig.toString(), "--scenarios", "locks",
                "--schema", SCHEMA, "--output", out.toString(), "--seed", "5");
        assertThat(r.code()).as(r.all()).isIn(ExitCodes.PASSED, ExitCodes.THRESHOLDS_FAILED);
        JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());

        JsonNode locks = json.get("scenarios").get(0);
        assertThat(locks.get("name").asText()).isEqualTo("locks");
        JsonNode c = locks.get("extras").get("capacity");
        assertThat(c.get("status").asText()).as(r.all()).isEqualTo("found");
        double rate = c.get("sustainable_rate").asDouble();
        assertThat(rate).as(r.all()).isCloseTo(KNOWN_CAPACITY, within(KNOWN_CAPACITY * 0.10));
        assertThat(c.get("bracket").get(0).asDouble()).isEqualTo(rate);
        assertThat(c.get("bracket").get(1).asDouble() / rate).isLessThanOrEqualTo(1.05 + 1e-9);
        assertThat(c.get("first_failing_rate").asDouble()).isEqualTo(c.get("bracket").get(1).asDouble());
        assertThat(c.get("reason").asText()).isIn("p99", "unstable", "dropped arrivals", "pool exhaustion");
        assertThat(c.get("bottleneck").get("name").asText()).as(c.toPrettyString()).isIn("lock wait", "pool wait");
        JsonNode probes = c.get("probes");
        assertThat(probes.size()).isGreaterThanOrEqualTo(5);
        assertThat(probes.get(0).get("rate").asDouble()).isEqualTo(25.0);
        assertThat(probes.get(1).get("rate").asDouble()).isEqualTo(50.0);
        for (JsonNode p : probes) {
            assertThat(p.get("verdict").asText()).isNotBlank();
            // a passing probe served what it was offered: the achieved rate is the offered one
            if (p.get("verdict").asText().equals("pass")) {
                assertThat(p.get("achieved_rate").asDouble()).isCloseTo(p.get("rate").asDouble(), within(p.get("rate").asDouble() * 0.1));
            }
        }

        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("### Capacity", "| Rate /s |", "Bottleneck: ");
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("data-section=\"capacity\"", "data-chart=\"capacity-latency\"", "\"x_label\":\"offered rate (arrivals/s)\"");
    }

    @Test
    void aGeneratorWithTwoInFlightSlotsIsTheBottleneckNotTheTarget() throws Exception {
        Path out = dir.resolve("generator");
        Path genConfig = config("tiny-generator", "SELECT pg_sleep(0.02)", 2,
                "{p99_ms: 250, start_rate: 25, max_rate: 1000, probe_seconds: 4, warmup_seconds: 1, confirmations: 1}");
        Cli r = Cli.run(Map.of("DATABASE_URL", Cli.PG), "run", "--config", genConfig.toString(), "--scenarios", "tiny-generator",
                "--schema", SCHEMA, "--output", out.toString(), "--seed", "5");
        assertThat(r.code()).as(r.all()).isIn(ExitCodes.PASSED, ExitCodes.THRESHOLDS_FAILED);
        JsonNode g = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("scenarios").get(0).get("extras").get("capacity");
        assertThat(g.get("status").asText()).as(g.toPrettyString()).isEqualTo("inconclusive_generator");
        assertThat(g.get("sustainable_rate").isNull()).isTrue();
        assertThat(g.get("summary").asText()).startsWith("inconclusive: the generator is the bottleneck at");
        assertThat(g.get("reason").asText()).isEqualTo("generator-bound");
        assertThat(g.get("bottleneck").get("name").asText()).isEqualTo("generator");
        assertThat(r.out()).contains("inconclusive: the generator is the bottleneck at");
        // no probe may have passed above what two slots of a 20 ms statement can offer (2 / 0.02 s = 100/s)
        for (JsonNode p : g.get("probes")) {
            if (p.get("verdict").asText().equals("pass")) assertThat(p.get("rate").asDouble()).isLessThanOrEqualTo(100);
        }
    }

    @Test
    void aSearchThatCannotFailIsBadInput() throws Exception {
        Cli r = Cli.run(Map.of("DATABASE_URL", Cli.PG), "run", "--scenarios", "quick", "--find-capacity", "--schema", SCHEMA,
                "--output", dir.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.all()).contains("--p99-target").doesNotContain("Exception");
    }

    @Test
    void aCeilingBelowTheStartIsBadInput() throws Exception {
        Cli r = Cli.run(Map.of("DATABASE_URL", Cli.PG), "run", "--scenarios", "quick", "--find-capacity", "--p99-target", "100",
                "--set", "capacity.start_rate=50", "--set", "capacity.max_rate=20", "--schema", SCHEMA, "--output", dir.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.all()).contains("max_rate (20/s) is below capacity.start_rate (50/s)");
    }

    @Test
    void aProbeTooShortForASteadyStateIsBadInput() throws Exception {
        Cli r = Cli.run(Map.of("DATABASE_URL", Cli.PG), "run", "--scenarios", "quick", "--find-capacity", "--p99-target", "100",
                "--set", "capacity.probe_seconds=1", "--schema", SCHEMA, "--output", dir.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.all()).contains("steady state");
    }

    @Test
    void aTargetWithoutTheSearchIsBadInput() throws Exception {
        Cli r = Cli.run(Map.of("DATABASE_URL", Cli.PG), "run", "--scenarios", "quick", "--p99-target", "100", "--schema", SCHEMA,
                "--output", dir.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.all()).contains("add --find-capacity");
    }
}
