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
 * The issue's done-when, end to end against the PostgreSQL service: a custom workload of two statements, one of which
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
        return config(name, BASE_SLEEP_S, tunedSleepSeconds);
    }

    private static Path config(String name, double steadySleepSeconds, double tunedSleepSeconds) throws Exception {
        Path cfg = dir.resolve(name + ".yaml");
        Files.writeString(cfg, String.join("\n",
                "workload:",
                "  type: custom",
                "  statements:",
                "    - name: steady",
                String.format(Locale.ROOT, "      sql: SELECT pg_sleep(%.5f)", steadySleepSeconds),
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

    /**
     * Statement sleep of the interleaved tests: longer than {@link #BASE_SLEEP_S} so that the 30 % step (9 ms) stands
     * well above the few milliseconds of scheduling noise a loaded 2-core machine adds to every attempt; what these tests
     * check is the interleaving and the windows, the sensitivity at 10 ms is the first test's.
     */
    static final double INTERLEAVED_SLEEP_S = 0.030;

    /** The arguments of one interleaved invocation: the current side's config, the baseline's, and the run's flags. */
    private static List<String> interleaved(String name, double tunedFactor, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("run",
                "--config", config(name + "-cur", INTERLEAVED_SLEEP_S, INTERLEAVED_SLEEP_S * tunedFactor).toString(),
                "--baseline-config", config(name + "-base", INTERLEAVED_SLEEP_S, INTERLEAVED_SLEEP_S).toString(), "--scenarios", "quick",
                "--qps-target", "60", "--connections", "6", "--no-db-monitors", "--schema", SCHEMA, "--seed", "3",
                "--output", dir.resolve(name).toString(),
                // the same JVM for both sides and every earlier test: memory is not comparable here (see compare())
                "--threshold", "memory=100000", "--threshold", "p95=200", "--threshold", "p99=200", "--threshold", "mean=200"));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void bothSidesRunNowInterleavedFindTheThirtyPercentSlowdownOnItsStatement() throws Exception {
        Cli r = Cli.run(Map.of("DATABASE_URL", Cli.PG), interleaved("inter", 1.30, "--duration", "2s",
                "--repeat", String.valueOf(RUNS)).toArray(String[]::new));
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.REGRESSION);
        JsonNode cmp = new ObjectMapper().readTree(dir.resolve("inter").resolve("comparison.json").toFile());
        assertThat(cmp.get("baseline_runs").asInt()).isEqualTo(RUNS);
        assertThat(cmp.get("current_runs").asInt()).isEqualTo(RUNS);
        List<String> rows = regressions(cmp);
        assertThat(rows).as(r.all()).contains("tuned p50").allMatch(x -> x.startsWith("tuned ") || x.startsWith("ALL "));
        for (JsonNode row : cmp.get("rows")) {
            if (row.get("operation").asText().equals("tuned") && row.get("metric").asText().equals("p50")) {
                assertThat(row.get("p_value").asDouble()).isLessThanOrEqualTo(0.05);
                assertThat(row.get("change_percent").asDouble()).isBetween(15.0, 40.0);
            }
        }
        // the baseline side has its own full reports; its runs alternate with the current ones: A B, B A, A B, ...
        JsonNode base = new ObjectMapper().readTree(dir.resolve("inter").resolve("baseline").resolve("report.json").toFile());
        JsonNode cur = new ObjectMapper().readTree(dir.resolve("inter").resolve("report.json").toFile());
        assertThat(base.get("scenarios")).hasSize(RUNS);
        assertThat(cur.get("scenarios")).hasSize(RUNS);
        for (int i = 0; i < RUNS; i++) {
            String b = base.get("scenarios").get(i).get("started_at").asText(), c = cur.get("scenarios").get(i).get("started_at").asText();
            assertThat(base.get("scenarios").get(i).get("name").asText()).isEqualTo("quick#" + (i + 1));
            if (i % 2 == 0) assertThat(b).as("round %d: the baseline first", i + 1).isLessThan(c);
            else assertThat(c).as("round %d: the current side first", i + 1).isLessThan(b);
            if (i > 0) {
                String prevLast = i % 2 == 1 ? cur.get("scenarios").get(i - 1).get("started_at").asText()
                        : base.get("scenarios").get(i - 1).get("started_at").asText();
                assertThat(prevLast).isLessThan(i % 2 == 1 ? c : b);
            }
        }
        assertThat(r.out()).contains("Run 1 of 5 (baseline):", "Run 2 of 5 (current):", "Baseline side (");
        // the saved pair compares the same with 'stampede compare'
        Cli again = Cli.run("compare", "--baseline", dir.resolve("inter").resolve("baseline").toString(), dir.resolve("inter").toString(),
                "--threshold", "memory=100000", "--threshold", "p95=200", "--threshold", "p99=200", "--threshold", "mean=200");
        assertThat(again.code()).as(again.all()).isEqualTo(ExitCodes.REGRESSION);
    }

    @Test
    void oneRunASideSplitIntoWindowsFindsTheSlowdownAndSaysWhatThatAssumes() throws Exception {
        Cli r = Cli.run(Map.of("DATABASE_URL", Cli.PG), interleaved("win", 1.30, "--duration", "10s",
                "--windows", "5").toArray(String[]::new));
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.REGRESSION);
        JsonNode cmp = new ObjectMapper().readTree(dir.resolve("win").resolve("comparison.json").toFile());
        assertThat(cmp.get("notes").toString()).contains("samples are windows, not runs", "independent");
        assertThat(cmp.get("current_runs").asInt()).isBetween(4, 5);
        assertThat(regressions(cmp)).as(r.all()).contains("tuned p50").allMatch(x -> x.startsWith("tuned ") || x.startsWith("ALL "));

        // each window's counts add up to the run's: the windows partition the recorded attempts
        JsonNode report = new ObjectMapper().readTree(dir.resolve("win").resolve("report.json").toFile());
        JsonNode scenario = report.get("scenarios").get(0);
        JsonNode windows = scenario.get("extras").get("windows");
        assertThat(windows.get("count").asInt()).isEqualTo(5);
        long sum = 0;
        for (JsonNode w : windows.get("windows")) {
            for (JsonNode op : w.get("operations")) if (op.get("name").asText().equals("ALL")) sum += op.get("attempts").asLong();
        }
        long dropped = windows.get("dropped_short").asLong();
        if (dropped == 0) assertThat(sum).isEqualTo(scenario.get("totals").get("attempts").asLong());
        else assertThat(sum).isLessThan(scenario.get("totals").get("attempts").asLong());

        // compare --windows on the two reports gives the same verdict; whole runs are one a side (the plain rule)
        Cli w = Cli.run("compare", "--windows", "--baseline", dir.resolve("win").resolve("baseline").toString(), dir.resolve("win").toString(),
                "--threshold", "memory=100000", "--threshold", "p95=200", "--threshold", "p99=200", "--threshold", "mean=200");
        assertThat(w.code()).as(w.all()).isEqualTo(ExitCodes.REGRESSION);
        assertThat(w.out()).contains("samples are windows");
        // against a report without windows: bad input, said so
        com.fasterxml.jackson.databind.node.ObjectNode plain = (com.fasterxml.jackson.databind.node.ObjectNode) report.deepCopy();
        for (JsonNode sc : plain.get("scenarios")) ((com.fasterxml.jackson.databind.node.ObjectNode) sc.get("extras")).remove("windows");
        Path plainFile = dir.resolve("win-plain.json");
        new ObjectMapper().writeValue(plainFile.toFile(), plain);
        Cli none = Cli.run("compare", "--windows", "--baseline", plainFile.toString(), dir.resolve("win").toString());
        assertThat(none.code()).as(none.all()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(none.err()).contains("has no windows", "--windows K").doesNotContain("Exception");
    }
}
