package dev.stampede.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code junit.xml} against the Jenkins JUnit schema (junit-10.xsd, kept in the test resources) with xmllint
 * (Debian's libxml2-utils, which scripts/setup-test-tools.sh installs), and the bad-input paths of comparisons.
 */
class JUnitXmlIT {
    static final String SCHEMA = "stampede_it_junit";

    @TempDir
    Path dir;

    @AfterAll
    static void dropSchema() throws Exception {
        Cli.dropSchema(SCHEMA);
    }

    static String xmllint(Path xml) throws Exception {
        Path xsd = Path.of(JUnitXmlIT.class.getResource("/junit/junit-10.xsd").toURI());
        Process p;
        try {
            p = new ProcessBuilder("xmllint", "--noout", "--schema", xsd.toString(), xml.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new AssertionError("xmllint is missing: run scripts/setup-test-tools.sh (Debian: apt-get install libxml2-utils)", e);
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void aFailedThresholdIsAFailedTestCaseInSchemaValidJUnitXml() throws Exception {
        Path cfg = dir.resolve("t.yaml");
        Files.writeString(cfg, "thresholds:\n  max_p99_response_time_ms: 0.001\nscenarios:\n  quick:\n    warmup: 0s\n");
        Path out = dir.resolve("out");
        Cli r = Cli.run(Map.of("DATABASE_URL", Cli.PG), "run", "--scenarios", "quick", "--duration", "1s", "--connections", "2",
                "--no-db-monitors", "--schema", SCHEMA, "--output", out.toString(), "--config", cfg.toString());
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.THRESHOLDS_FAILED);
        Path junit = out.resolve("junit.xml");
        assertThat(xmllint(junit)).contains("validates");
        String xml = Files.readString(junit);
        assertThat(xml).containsPattern("<testcase name=\"p99_response_time_ms\" classname=\"stampede.quick\" time=\"[0-9.]+\">\\s*"
                + "<failure message=\"P99 response time [0-9.]+ ms \\(limit &lt;= 0.001 ms\\)");
        assertThat(xml).contains("<testsuite name=\"quick\"").containsPattern("failures=\"[1-9]");
        assertThat(Files.readString(out.resolve("summary.md"))).contains("Stampede: failed", "Failed thresholds", "P99 response time");

        // the same report against itself: a comparison testsuite, every row passing, still schema-valid
        Cli same = Cli.run(Map.of("DATABASE_URL", Cli.PG), "run", "--scenarios", "quick", "--duration", "1s", "--connections", "2",
                "--no-db-monitors", "--schema", SCHEMA, "--output", dir.resolve("again").toString(), "--baseline", out.toString(),
                "--config", cfg.toString(),
                "--threshold", "1000");
        assertThat(same.code()).as(same.all()).isEqualTo(ExitCodes.THRESHOLDS_FAILED);   // the threshold still fails; no regression
        xmllint(dir.resolve("again").resolve("junit.xml"));
        assertThat(Files.readString(dir.resolve("again").resolve("junit.xml"))).contains("<testsuite name=\"comparison\"",
                "classname=\"stampede.comparison.quick\"");
        assertThat(same.out()).contains("one run on each side: the plain 1000 % rule");
    }

    @Test
    void badBaselinesAreBadInputWithOneMessage() throws Exception {
        Cli missing = Cli.run("compare", "--baseline", "nope", "--baseline-dir", dir.resolve("b").toString(), dir.toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(missing.err()).contains("no baseline named 'nope'", "stampede baseline save nope").doesNotContain("Exception");

        Path old = dir.resolve("old.json");
        Files.writeString(old, "{\"schema_version\": 99, \"scenarios\": []}");
        Cli version = Cli.run("compare", "--baseline", old.toString(), old.toString());
        assertThat(version.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(version.err()).contains("schema_version 99", "reads version 1");

        Path a = dir.resolve("a.json"), b = dir.resolve("b.json");
        Files.writeString(a, report("alpha"));
        Files.writeString(b, report("beta"));
        Cli different = Cli.run("compare", "--baseline", a.toString(), b.toString());
        assertThat(different.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(different.err()).contains("different scenarios", "[alpha]", "[beta]");

        Cli badName = Cli.run("baseline", "save", "../x", a.toString(), "--baseline-dir", dir.resolve("b").toString());
        assertThat(badName.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(badName.err()).contains("not usable as a file name");

        Cli runMissing = Cli.run(Map.of("DATABASE_URL", Cli.PG), "run", "--quick", "--baseline", "nope", "--baseline-dir",
                dir.resolve("b").toString(), "--output", dir.resolve("o").toString(), "--schema", SCHEMA);
        assertThat(runMissing.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(runMissing.all()).contains("no baseline named 'nope'").doesNotContain("Scenario quick");
    }

    @Test
    void badRegressionSettingsAreBadInputBeforeAnythingRuns() throws Exception {
        Path future = dir.resolve("future.json");
        Files.writeString(future, "{\"stampede_baseline\": 2, \"values\": []}");
        Path a = dir.resolve("a.json");
        Files.writeString(a, report("quick"));
        Cli version = Cli.run("compare", "--baseline", future.toString(), a.toString());
        assertThat(version.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(version.err()).contains("baseline of format version 2", "save the baseline again").doesNotContain("Exception");

        Path out = dir.resolve("o");
        String[] common = {"--quick", "--schema", SCHEMA, "--output", out.toString()};
        Cli missing = run(common, "--baseline-config", dir.resolve("nope.yaml").toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(missing.err()).contains("--baseline-config", "nope.yaml: no such file").doesNotContain("Exception");
        assertThat(missing.out()).doesNotContain("Scenario quick");

        Path cur = dir.resolve("cur.yaml"), base = dir.resolve("base.yaml");
        Files.writeString(cur, "run:\n  scenarios: [quick]\n");
        Files.writeString(base, "run:\n  scenarios: [baseline]\n");
        Cli different = Cli.run(Map.of("DATABASE_URL", Cli.PG), "run", "--config", cur.toString(), "--baseline-config", base.toString(),
                "--schema", SCHEMA, "--output", out.toString());
        assertThat(different.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(different.err()).contains("different scenarios", "[quick]", "[baseline]");
        assertThat(different.out()).doesNotContain("Scenario quick");

        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, "compare:\n  treshold: 10\n");
        Cli unknown = run(common, "--config", typo.toString());
        assertThat(unknown.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(unknown.err()).contains("unknown setting 'compare.treshold'", "typo.yaml, line 2", "did you mean 'thresholds'");

        Cli both = run(common, "--baseline", a.toString(), "--baseline-config", base.toString());
        assertThat(both.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(both.err()).contains("both set");

        Cli noWindows = run(common, "--baseline", a.toString(), "--windows", "4", "--duration", "20s");
        assertThat(noWindows.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(noWindows.err()).contains("has no windows", "--windows K");
        assertThat(noWindows.out()).doesNotContain("Scenario quick");

        Path alpha = dir.resolve("alpha.json");
        Files.writeString(alpha, report("alpha"));
        Cli otherScenarios = run(common, "--baseline", alpha.toString());
        assertThat(otherScenarios.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(otherScenarios.err()).contains("different scenarios", "[quick]", "[alpha]");
        assertThat(otherScenarios.out()).doesNotContain("Scenario quick");

        Cli tooMany = run(common, "--windows", "50", "--duration", "20s");
        assertThat(tooMany.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(tooMany.err()).contains("shorter than two sampling intervals");

        Cli badRepeat = run(common, "--repeat", "0");
        assertThat(badRepeat.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(badRepeat.err()).contains("run.repeat", "--repeat");
    }

    private static Cli run(String[] common, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("run"));
        args.addAll(java.util.List.of(common));
        args.addAll(java.util.List.of(more));
        return Cli.run(Map.of("DATABASE_URL", Cli.PG), args.toArray(String[]::new));
    }

    private static String report(String scenario) {
        return "{\"schema_version\": 1, \"version\": \"x\", \"config_hash\": \"h\", \"target\": {}, \"scenarios\": [{\"name\": \"" + scenario
                + "\", \"totals\": {\"attempts\": 10, \"ok\": 10, \"failed\": 0, \"unknown\": 0, \"throughput_per_sec\": 5, "
                + "\"latency\": {\"p50_ms\": 1, \"p95_ms\": 2, \"p99_ms\": 3, \"mean_ms\": 1}}, \"operations\": []}]}";
    }
}
