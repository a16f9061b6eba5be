package dev.stampede.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scenario's faults that cannot be applied are refused before anything runs: exit 2, one message naming the fault,
 * the problem and the fix, no stack trace. Against the 5432 service in a schema of this test's own.
 */
class FaultPlanIT {
    private static final String SCHEMA = "stampede_it_faultplan";
    private static final Map<String, String> ENV = Map.of("DATABASE_URL", Cli.PG);

    @TempDir
    Path dir;

    @AfterAll
    static void dropSchema() throws Exception {
        Cli.dropSchema(SCHEMA);
    }

    /** Runs scenario {@code s} of a config whose scenario has the given {@code faults:} list. */
    private Cli runWith(String faults) throws Exception {
        return runWith(ENV, "", faults);
    }

    private Cli runWith(Map<String, String> env, String sections, String faults) throws Exception {
        Path config = dir.resolve("faults.yaml");
        Files.writeString(config, sections + """
                workload: {type: acked-writes}
                scenarios:
                  s:
                    connections: 2
                    duration: 4s
                    faults:
                %s
                run: {scenarios: [s]}
                """.formatted(faults.indent(6).stripTrailing()));
        return Cli.run(env, "run", "--config", config.toString(), "--schema", SCHEMA, "--output", dir.resolve("out").toString());
    }

    private static void assertRefused(Cli r, String... fragments) {
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains(fragments);
        assertThat(r.all()).doesNotContain("\tat ").doesNotContain("Exception:");
    }

    @Test
    void aFaultOnATargetTheRunDoesNotUse() throws Exception {
        assertRefused(runWith("- {target: redis, kind: blackhole, at: 1s, for: 1s}"),
                "fault #1 of scenario 's'", "target 'redis'", "which this run does not use", "configure it");
    }

    @Test
    void aNetworkFaultOnATargetThatDoesNotRouteThroughTheProxy() throws Exception {
        // the Celery target opens for its monitors (CELERY_BROKER_URL); an AMQP broker's connections do not use the proxy
        Map<String, String> env = Map.of("DATABASE_URL", Cli.PG, "CELERY_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//",
                "CELERY_RESULT_BACKEND", "redis://127.0.0.1:6379/10");
        assertRefused(runWith(env, "", "- {target: celery, kind: blackhole, at: 1s, for: 1s}"),
                "fault #1 of scenario 's' cannot be applied", "does not route its connections through Stampede's fault proxy",
                "remove it or choose another target");
    }

    @Test
    void aRestartOfTheUsersOwnServer() throws Exception {
        assertRefused(runWith("- {target: database, kind: restart, at: 1s, for: 1s}"),
                "fault #1 of scenario 's' cannot be applied", "embedded PostgreSQL only", "unset DATABASE_URL");
    }

    @Test
    void aWindowPastTheScenariosEnd() throws Exception {
        Cli r = runWith("- {target: database, kind: reset, at: 1s, for: 1s}\n- {target: database, kind: blackhole, at: 3s, for: 5s}");
        assertRefused(r, "fault #2", "past the end");
    }
}
