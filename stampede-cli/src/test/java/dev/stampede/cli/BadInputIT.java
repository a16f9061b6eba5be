package dev.stampede.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad input: one message naming the problem and the fix, the documented exit code, no
 * stack trace unless --verbose, never a password.
 */
class BadInputIT {
    @TempDir
    Path dir;

    private static void assertClean(Cli r, int code, String... fragments) {
        assertThat(r.code()).as(r.all()).isEqualTo(code);
        assertThat(r.err()).contains(fragments);
        assertThat(r.all()).doesNotContain("\tat ").doesNotContain("Exception:").doesNotContain("pw-secret");
    }

    @Test
    void malformedUrl() {
        assertClean(Cli.run(Map.of("DATABASE_URL", "mysql://root:pw-secret@localhost/db"), "run", "--quick"),
                ExitCodes.BAD_INPUT, "not a PostgreSQL URL", "environment DATABASE_URL", "postgresql://user@host:5432/dbname");
    }

    @Test
    void unreachableHost() {
        assertClean(Cli.run(Map.of("DATABASE_URL", "postgresql://postgres:pw-secret@127.0.0.1:1/test"), "run", "--quick",
                        "--output", dir.toString()),
                ExitCodes.TARGET_UNREACHABLE, "nothing accepts connections at 127.0.0.1:1", "PostgreSQL is running");
    }

    @Test
    void missingDatabase() {
        String url = Cli.PG.replaceAll("/[^/]*$", "/no_such_database_here");
        assertClean(Cli.run(Map.of("DATABASE_URL", url), "run", "--quick", "--output", dir.toString()),
                ExitCodes.BAD_INPUT, "'no_such_database_here' does not exist");
    }

    @Test
    void unknownScenario() {
        assertClean(Cli.run("run", "--scenarios", "peek"), ExitCodes.BAD_INPUT, "unknown scenario 'peek'", "did you mean 'peak'");
    }

    @Test
    void malformedConfigFileWithLineAndColumn() throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "run:\n  scenarios: [quick\n  time_scale: 1\n");
        assertClean(Cli.run("run", "--config", f.toString()), ExitCodes.BAD_INPUT, "bad.yaml", "line", "column");
    }

    @Test
    void missingConfigFile() {
        assertClean(Cli.run("run", "--config", dir.resolve("nope.yaml").toString()), ExitCodes.BAD_INPUT,
                "does not exist", "init-config");
    }

    @Test
    void negativeDuration() {
        assertClean(Cli.run("run", "--quick", "--duration", "-5s"), ExitCodes.BAD_INPUT, "--duration", "negative");
    }

    @Test
    void badNumberInAFlag() {
        assertClean(Cli.run("run", "--connections", "many"), ExitCodes.BAD_INPUT, "--connections");
    }

    @Test
    void conflictingModes() {
        assertClean(Cli.run("run", "--quick", "--full"), ExitCodes.BAD_INPUT, "choose one of --quick, --full");
    }

    @Test
    void outOfRangeRatio() {
        assertClean(Cli.run("run", "--read-write-ratio", "1.5"), ExitCodes.BAD_INPUT, "load.read_write_ratio", "1.5", "--read-write-ratio", "0 to 1");
    }

    @Test
    void verboseShowsTheStackTraceButStillNoPassword() {
        Cli r = Cli.run(Map.of("DATABASE_URL", "postgresql://postgres:pw-secret@127.0.0.1:1/test"), "run", "--quick", "--verbose",
                "--output", dir.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.TARGET_UNREACHABLE);
        assertThat(r.err()).contains("\tat ").doesNotContain("pw-secret");
    }

    @Test
    void aReportDirectoryThatCannotBeWrittenIsSaidBeforeTheRun() {
        Cli r = Cli.run(Map.of("DATABASE_URL", Cli.PG), "run", "--quick", "--output", "/proc/self");
        assertClean(r, ExitCodes.BAD_INPUT, "cannot write reports into /proc/self", "--output");
        assertThat(r.out()).doesNotContain("Preparing workload").doesNotContain("Scenario quick");
    }

    @Test
    void badPgbenchScriptsNameFileLineAndColumn() throws Exception {
        Map<String, String> env = Map.of("DATABASE_URL", Cli.PG);
        String[][] cases = {
                {"syntax.sql", "SELECT 1;\n\\set x random(1,, 2)\n", "syntax.sql:2:17: syntax error"},
                {"fn.sql", "\\set x frobnicate(1)\n", "fn.sql:1:8: syntax error: unknown function 'frobnicate'"},
                {"var.sql", "SELECT abalance FROM pgbench_accounts WHERE aid = :aid;\n", "var.sql:1:51: variable :aid is used before it is set"},
                {"shell.sql", "\\shell rm -rf /tmp/x\n", "shell.sql:1:1: \\shell runs shell commands, which Stampede refuses"},
                {"setshell.sql", "\\setshell v echo 1\n", "setshell.sql:1:1: \\setshell runs shell commands"},
        };
        for (String[] c : cases) {
            Path f = dir.resolve(c[0]);
            Files.writeString(f, c[1]);
            assertClean(Cli.run(env, "run", "--pgbench-script", f.toString(), "--quick", "--schema", "stampede_cli_badscript",
                    "--output", dir.resolve("out").toString()), ExitCodes.BAD_INPUT, c[2]);
        }
        assertClean(Cli.run(env, "run", "--pgbench-script", "tpcb-like@heavy", "--quick", "--schema", "stampede_cli_badscript",
                "--output", dir.resolve("out").toString()), ExitCodes.BAD_INPUT, "the weight after '@' must be a number, not 'heavy'");
    }
}
