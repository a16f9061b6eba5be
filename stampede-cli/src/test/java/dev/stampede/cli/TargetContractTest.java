package dev.stampede.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A second target, defined only in this module's tests and registered through META-INF/services, runs a
 * scenario through the unchanged CLI, session, engine and report pipeline. No server is needed: with no
 * DATABASE_URL the PostgreSQL target is neither needed nor configured, so it is not opened.
 */
class TargetContractTest {
    @TempDir
    Path dir;

    private Path config() throws Exception {
        return Files.writeString(dir.resolve("stack.yaml"), """
                counter:
                  fail_every: 7
                thresholds:
                  max_counter_failures: 1000
                  max_error_rate_percent: 20
                scenarios:
                  counting:
                    description: The counter target through the contract
                    workload: counter
                    connections: 2
                    iterations: 350
                """);
    }

    @Test
    void anInTestTargetRunsAScenarioThroughTheContract() throws Exception {
        Path out = dir.resolve("out");
        long callsBefore = CounterTargetProvider.CALLS.get();
        long failsBefore = CounterTargetProvider.FAILS.get();
        long edgesBefore = CounterTargetProvider.MEASURED_EDGES.get();
        Cli r = Cli.run(Map.of(), "run", "--config", config().toString(), "--scenarios", "counting", "--output", out.toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("Counter target open (fails every 7)").doesNotContain("embedded PostgreSQL");

        long calls = CounterTargetProvider.CALLS.get() - callsBefore;
        long fails = CounterTargetProvider.FAILS.get() - failsBefore;
        assertThat(calls).isEqualTo(700);   // 2 users x 350 iterations, counted by the target itself
        JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        JsonNode s = json.get("scenarios").get(0);
        assertThat(s.get("workload").asText()).isEqualTo("counter (fails every 7)");
        assertThat(s.get("totals").get("attempts").asLong()).isEqualTo(calls);
        assertThat(s.get("totals").get("failed").asLong()).isEqualTo(fails).isEqualTo(100);
        assertThat(s.get("totals").get("errors").get(0).get("code").asText()).isEqualTo("counter-odd");
        assertThat(s.get("extras").get("counter").get("calls_seen").asLong()).isEqualTo(calls);
        assertThat(s.get("verdicts").toString()).contains("counter_failures");
        assertThat(s.get("recommendations").toString()).contains("Counter saw calls");
        assertThat(s.get("monitors").toString()).contains("\"counter\"").contains("\"load\"");   // the engine's in-flight series
        assertThat(CounterTargetProvider.MEASURED_EDGES.get() - edgesBefore).isEqualTo(2);
        assertThat(json.get("target").get("counter").asText()).isEqualTo("in-process counter");
        assertThat(json.get("config").get("counter").get("fail_every").asInt()).isEqualTo(7);
        assertThat(Files.readString(out.resolve("report.md"))).contains("### Counter target").contains("calls the counter itself saw: 700");
        assertThat(out.resolve("counter.csv")).exists();
    }

    @Test
    void scenariosAreListedByTargetWithAlignedColumns() throws Exception {
        Cli r = Cli.run(Map.of(), "scenarios", "--config", config().toString());
        assertThat(r.code()).as(r.all()).isZero();
        String o = r.out();
        assertThat(o).contains("counter (an in-process counter (tests only))").contains("postgres (PostgreSQL");
        assertThat(o.indexOf("baseline")).isLessThan(o.indexOf("repo-crud"));
        assertThat(o).contains("query-performance: financial repo-crud");
        // columns line up: every row of a group starts its USERS column at the same offset
        String counterGroup = o.substring(o.indexOf("counter ("));
        String header = counterGroup.lines().skip(1).findFirst().orElseThrow();
        String row = counterGroup.lines().skip(2).findFirst().orElseThrow();
        assertThat(row.indexOf("350 it.")).isEqualTo(header.indexOf("DURATION"));
    }

    @Test
    void cleanAsksEveryConfiguredTarget() throws Exception {
        long before = CounterTargetProvider.CLEANED.get();
        Cli r = Cli.run(Map.of("COUNTER_URL", "mem://x"), "clean");
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("counter: nothing of Stampede's left");
        assertThat(CounterTargetProvider.CLEANED.get() - before).isEqualTo(1);
    }

    @Test
    void outputNamedLikeAJsonFileWritesTheJsonThereAndTheRestBeside() throws Exception {
        Path results = dir.resolve("res").resolve("results.json");
        Files.createDirectories(results.getParent());
        Cli r = Cli.run(Map.of(), "run", "--config", config().toString(), "--scenarios", "counting", "--output", results.toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(results).isRegularFile();
        assertThat(new ObjectMapper().readTree(results.toFile()).get("schema_version").asInt()).isEqualTo(1);
        assertThat(results.getParent().resolve("report.md")).isRegularFile();
        assertThat(results.getParent().resolve("report.json")).doesNotExist();
    }
}
