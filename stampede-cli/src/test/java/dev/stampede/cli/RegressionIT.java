package dev.stampede.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The done-when, end to end against the PostgreSQL service: a custom workload of two statements, one of which
 * the test slows with pg_sleep. Five runs against a baseline of five runs of the same code: no regression; the tuned
 * statement 30 % slower: a significant regression on that statement only; 3 % slower: no regression. The open model
 * (a fixed arrival rate) keeps each statement's throughput independent of the other's latency, so a slower statement
 * cannot drag the other one's numbers.
 */
class RegressionIT {
    static final String SCHEMA = "stampede_it_regress";
    static final double BASE_SLEEP_S = 0.010;

    @TempDir
    static Path dir;

    @AfterAll
    static void dropSchema() throws Exception {
        Cli.dropSchema(SCHEMA);
    }

    private static Path config(String name, double tunedSleepSeconds) throws Exception {
        Path cfg = dir.resolve(name + ".yaml");
        Files.writeString(cfg, String.join("\n",
                "workload:",
                "  type: custom",
                "  statements:",
                "    - name: steady",
                "      sql: SELECT pg_sleep(" + BASE_SLEEP_S + ")",
                "    - name: tuned",
                String.format(Locale.ROOT, "      sql: SELECT pg_sleep(%.5f)", tunedSleepSeconds),
                "scenarios:",
                "  quick:",
                "    warmup: 500ms",
                ""));
        return cfg;
    }

    private static Cli run(String name, double tunedSleep, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "--config", config(name, tunedSleep).toString(), "--scenarios", "quick",
                "--duration", "2s", "--qps-target", "60", "--connections", "6", "--no-db-monitors", "--schema", SCHEMA,
                "--seed", "3", "--output", dir.resolve(name).toString(), "--repeat", "5",
                "--baseline-dir", dir.resolve("baselines").toString(),
                // every run of this test shares the test JVM's heap with the earlier runs and tests, so the generator's
                // memory is not comparable here (a real 'stampede run' is a JVM of its own): only latency, throughput and
                // errors are judged
                "--threshold", "memory=100000"));
        args.addAll(List.of(extra));
        return Cli.run(Map.of("DATABASE_URL", Cli.PG), args.toArray(String[]::new));
    }

    private static JsonNode comparison(String name) throws Exception {
        return new ObjectMapper().readTree(dir.resolve(name).resolve("comparison.json").toFile());
    }

    private static List<String> regressions(JsonNode comparison) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : comparison.get("rows")) {
            if ("REGRESSION".equals(r.get("verdict").asText())) out.add(r.get("operation").asText() + " " + r.get("metric").asText());
        }
        return out;
    }

    @Test
    void fiveRunsAgainstFiveFindTheThirtyPercentSlowdownOnItsStatementAndNotTheThreePercentOne() throws Exception {
        Cli base = run("base", BASE_SLEEP_S);
        assertThat(base.code()).as(base.all()).isZero();
        JsonNode baseReport = new ObjectMapper().readTree(dir.resolve("base").resolve("report.json").toFile());
        assertThat(baseReport.get("scenarios")).hasSize(5);
        assertThat(baseReport.get("scenarios").get(4).get("name").asText()).isEqualTo("quick#5");
        assertThat(baseReport.get("target").get("generator").get("cores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());

        Cli saved = Cli.run("baseline", "save", "ref", dir.resolve("base").toString(), "--baseline-dir", dir.resolve("baselines").toString());
        assertThat(saved.code()).as(saved.all()).isZero();
        assertThat(saved.out()).contains("5 run(s) each");
        assertThat(dir.resolve("baselines").resolve("ref.json")).exists();

        Cli same = run("same", BASE_SLEEP_S, "--baseline", "ref");
        JsonNode sameCmp = comparison("same");
        assertThat(regressions(sameCmp)).as(same.all()).isEmpty();
        assertThat(same.code()).as(same.all()).isZero();
        assertThat(sameCmp.get("baseline_runs").asInt()).isEqualTo(5);
        assertThat(sameCmp.get("current_runs").asInt()).isEqualTo(5);

        Cli slow = run("slow", BASE_SLEEP_S * 1.30, "--baseline", "ref");
        assertThat(slow.code()).as(slow.all()).isEqualTo(ExitCodes.REGRESSION);
        JsonNode slowCmp = comparison("slow");
        List<String> slowRows = regressions(slowCmp);
        assertThat(slowRows).as(slow.all()).contains("tuned p50", "tuned mean");
        assertThat(slowRows).as("only the slowed statement (and the ALL aggregate that contains it) regress: " + slow.all())
                .allMatch(r -> r.startsWith("tuned ") || r.startsWith("ALL "));
        for (JsonNode r : slowCmp.get("rows")) {
            if (r.get("operation").asText().equals("tuned") && r.get("metric").asText().equals("p50")) {
                assertThat(r.get("p_value").asDouble()).isLessThanOrEqualTo(0.05);
                assertThat(r.get("method").asText()).contains("Mann-Whitney");
                assertThat(r.get("change_percent").asDouble()).isBetween(15.0, 40.0);
                assertThat(r.get("ratio_low").asDouble()).isGreaterThan(1.0);
            }
        }
        assertThat(slow.out()).contains("Comparison verdict: REGRESSION");
        assertThat(slowCmp.get("warnings").toString()).contains("config_hash");
        JsonNode slowReport = new ObjectMapper().readTree(dir.resolve("slow").resolve("report.json").toFile());
        assertThat(slowReport.get("exit_code").asInt()).isEqualTo(ExitCodes.REGRESSION);
        assertThat(Files.readString(dir.resolve("slow").resolve("junit.xml"))).contains("regression: p50 latency");
        assertThat(Files.readString(dir.resolve("slow").resolve("summary.md"))).contains("regression: quick / tuned / p50");

        Cli slight = run("slight", BASE_SLEEP_S * 1.03, "--baseline", "ref");
        assertThat(regressions(comparison("slight"))).as(slight.all()).isEmpty();
        assertThat(slight.code()).as(slight.all()).isZero();

        // the same comparison from the saved reports alone
        Cli cmp = Cli.run("compare", "--baseline", dir.resolve("base").toString(), dir.resolve("slow").resolve("report.json").toString());
        assertThat(cmp.code()).as(cmp.all()).isEqualTo(ExitCodes.REGRESSION);
        assertThat(cmp.out()).contains("scenario", "operation", "tuned", "regression (p=");
    }
}
