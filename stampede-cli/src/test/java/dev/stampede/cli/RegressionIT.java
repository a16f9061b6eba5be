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
 * statement 30 % slower: a significant regression on that statement only; 3 % slower: no regression. The runs are
 * separate invocations in interleaved rounds, compared with 'stampede compare' over several reports; 'run --baseline'
 * with one run against the five is checked at the end. The open model
 * (a fixed arrival rate) keeps each statement's throughput independent of the other's latency, so a slower statement
 * cannot drag the other one's numbers.
 */
class RegressionIT {
    static final String SCHEMA = "stampede_it_regress";
    static final double BASE_SLEEP_S = 0.010;
    static final int RUNS = 5;

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

    private static Cli run(String name, double tunedSleep) throws Exception {
        Cli r = Cli.run(Map.of("DATABASE_URL", Cli.PG), "run", "--config", config(name, tunedSleep).toString(), "--scenarios", "quick",
                "--duration", "2s", "--qps-target", "60", "--connections", "6", "--no-db-monitors", "--schema", SCHEMA,
                "--seed", "3", "--output", dir.resolve(name).toString());
        assertThat(r.code()).as(r.all()).isZero();
        return r;
    }

    /** {@code stampede compare} of the five runs of {@code variant} against the saved baseline, reports in cmp-VARIANT. */
    private static Cli compare(String variant) {
        List<String> args = new ArrayList<>(List.of("compare", "--baseline", "ref", "--baseline-dir", dir.resolve("baselines").toString(),
                "--output", dir.resolve("cmp-" + variant).toString(),
                // every run of this test shares the test JVM's heap with the earlier runs and tests, so the generator's
                // memory is not comparable here (a real 'stampede run' is a JVM of its own): only latency, throughput and
                // errors are judged
                "--threshold", "memory=100000",
                // 2 s runs give each statement about 60 attempts: on a shared 2-core machine their tails and means are
                // set by a few scheduling outliers, and with a dozen such rows one comes out "significant" now and then;
                // the medians (p50, 20 %) and throughput carry the verdict here
                "--threshold", "p95=200", "--threshold", "p99=200", "--threshold", "mean=200"));
        for (int i = 1; i <= RUNS; i++) args.add(dir.resolve(variant + i).toString());
        return Cli.run(args.toArray(String[]::new));
    }

    private static JsonNode comparison(String variant) throws Exception {
        return new ObjectMapper().readTree(dir.resolve("cmp-" + variant).resolve("comparison.json").toFile());
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
        // interleaved rounds (the order rotating each round), so that a machine that gets busier during the test slows
        // every variant alike instead of looking like a regression of the variants that ran last
        String[] variants = {"base", "same", "slow", "slight"};
        double[] sleeps = {BASE_SLEEP_S, BASE_SLEEP_S, BASE_SLEEP_S * 1.30, BASE_SLEEP_S * 1.03};
        for (int round = 1; round <= RUNS; round++) {
            for (int k = 0; k < variants.length; k++) {
                int v = (k + round) % variants.length;
                run(variants[v] + round, sleeps[v]);
            }
        }
        JsonNode baseReport = new ObjectMapper().readTree(dir.resolve("base1").resolve("report.json").toFile());
        assertThat(baseReport.get("target").get("generator").get("cores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());

        List<String> save = new ArrayList<>(List.of("baseline", "save", "ref", "--baseline-dir", dir.resolve("baselines").toString()));
        for (int i = 1; i <= RUNS; i++) save.add(dir.resolve("base" + i).toString());
        Cli saved = Cli.run(save.toArray(String[]::new));
        assertThat(saved.code()).as(saved.all()).isZero();
        assertThat(saved.out()).contains("5 run(s) each");
        assertThat(dir.resolve("baselines").resolve("ref.json")).exists();

        Cli same = compare("same");
        JsonNode sameCmp = comparison("same");
        assertThat(regressions(sameCmp)).as(same.all()).isEmpty();
        assertThat(same.code()).as(same.all()).isZero();
        assertThat(sameCmp.get("baseline_runs").asInt()).isEqualTo(5);
        assertThat(sameCmp.get("current_runs").asInt()).isEqualTo(5);

        Cli slow = compare("slow");
        assertThat(slow.code()).as(slow.all()).isEqualTo(ExitCodes.REGRESSION);
        JsonNode slowCmp = comparison("slow");
        List<String> slowRows = regressions(slowCmp);
        // the median is the robust one: on a loaded machine a few outliers can take the mean's significance away
        assertThat(slowRows).as(slow.all()).contains("tuned p50");
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
        assertThat(slow.out()).contains("Comparison verdict: REGRESSION", "scenario", "operation", "regression (p=");
        assertThat(slowCmp.get("warnings").toString()).contains("config_hash");
        assertThat(Files.readString(dir.resolve("cmp-slow").resolve("comparison.md"))).contains("**regression**");

        Cli slight = compare("slight");
        assertThat(regressions(comparison("slight"))).as(slight.all()).isEmpty();
        assertThat(slight.code()).as(slight.all()).isZero();

        // run --baseline: one run against the five, the plain rule on the tuned statement's medians, said so
        Cli once = Cli.run(Map.of("DATABASE_URL", Cli.PG), "run", "--config", config("once", BASE_SLEEP_S * 1.30).toString(),
                "--scenarios", "quick", "--duration", "2s", "--qps-target", "60", "--connections", "6", "--no-db-monitors",
                "--schema", SCHEMA, "--seed", "3", "--output", dir.resolve("once").toString(), "--baseline", "ref",
                "--baseline-dir", dir.resolve("baselines").toString(), "--threshold", "memory=100000");
        assertThat(once.out()).as(once.all()).contains("too few to decide significance");
        assertThat(regressions(new ObjectMapper().readTree(dir.resolve("once").resolve("comparison.json").toFile()))).contains("tuned p50");
        assertThat(once.code()).as(once.all()).isEqualTo(ExitCodes.REGRESSION);
        JsonNode onceReport = new ObjectMapper().readTree(dir.resolve("once").resolve("report.json").toFile());
        assertThat(onceReport.get("exit_code").asInt()).isEqualTo(ExitCodes.REGRESSION);
        assertThat(Files.readString(dir.resolve("once").resolve("junit.xml"))).contains("regression: p50 latency");
        assertThat(Files.readString(dir.resolve("once").resolve("summary.md"))).contains("regression: quick / tuned / p50");
    }
}
