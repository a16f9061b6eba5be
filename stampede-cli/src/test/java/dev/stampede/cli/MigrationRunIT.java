package dev.stampede.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migration scenario through the CLI against the machine's PostgreSQL (schema {@code stampede_it_migration}) and
 * Redis (database 9, prefix {@code stampede-it-migration:}): a backfill bug that skips every hundredth key is found by
 * verify, key for key, and PostgreSQL's own row count agrees; a dual-write that drops writes to PostgreSQL is named in
 * the report; a user command phase's STAMPEDE-PHASE lines become phases with figures of their own; an unsafe order is
 * refused with exit 2.
 */
class MigrationRunIT {
    private static final String SCHEMA = "stampede_it_migration";
    private static final String PREFIX = "stampede-it-migration:";
    private static final Map<String, String> ENV = Map.of("DATABASE_URL", Cli.PG, "REDIS_URL", "redis://127.0.0.1:6379/9");

    @AfterAll
    static void cleanUp() throws Exception {
        Cli.dropSchema(SCHEMA);
        Path dir = Files.createTempDirectory("stampede-migration-clean");
        Path config = write(dir, "");
        Cli.run(Map.of("REDIS_URL", "redis://127.0.0.1:6379/9"), "clean", "--config", config.toString());
    }

    private static Path write(Path dir, String migration) throws Exception {
        Path f = dir.resolve("stampede.yaml");
        Files.writeString(f, "database:\n  schema: " + SCHEMA + "\nredis:\n  key_prefix: \"" + PREFIX + "\"\n" + migration);
        return f;
    }

    private static JsonNode migration(Path out) throws Exception {
        JsonNode s = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("scenarios").get(0);
        return s.get("extras").get("migration");
    }

    @Test
    void verifyFindsExactlyTheKeysABrokenBackfillSkipped(@TempDir Path dir) throws Exception {
        Path config = write(dir, """
                scenarios:
                  migration:
                    duration: 8s
                    warmup: 1s
                    read_write_ratio: 1.0
                migration:
                  phases: [dual-write, backfill, verify]
                  inject:
                    backfill_skip_every: 100
                """);
        Path out = dir.resolve("out");
        Cli r = Cli.run(ENV, "run", "--scenarios", "migration", "--config", config.toString(), "--output", out.toString());
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.THRESHOLDS_FAILED);
        JsonNode m = migration(out);
        Set<String> skipped = new HashSet<>();
        m.get("backfill").get("skipped").forEach(k -> skipped.add(k.asText()));
        assertThat(skipped).hasSize(12);                       // 1,000 players and 200 games, every hundredth key in SCAN order
        JsonNode v = m.get("after_verify");
        Set<String> missing = new HashSet<>();
        v.get("missing_keys").forEach(k -> missing.add(k.asText()));
        assertThat(missing).isEqualTo(skipped);
        assertThat(v.get("missing").asLong()).isEqualTo(12);
        assertThat(v.get("extra").asLong()).isZero();
        assertThat(v.get("mismatched").asLong()).isZero();
        // PostgreSQL's own count: the rows the backfill wrote, 12 short of what Redis held
        try (Connection c = Cli.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM " + SCHEMA + ".migration_players) + (SELECT count(*) FROM "
                     + SCHEMA + ".migration_games)")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1200 - 12);
        }
        assertThat(Files.readString(out.resolve("report.md"))).contains("Migration: consistency").contains("injected bug skipped 12 keys");
    }

    @Test
    void aDualWriteThatDropsWritesToPostgresIsNamedInTheReport(@TempDir Path dir) throws Exception {
        Path config = write(dir, """
                scenarios:
                  migration:
                    duration: 8s
                    warmup: 1s
                    read_write_ratio: 0.3
                migration:
                  phases: [baseline, dual-write, backfill, verify]
                  inject:
                    dual_write_drop_every: 25
                """);
        Path out = dir.resolve("out");
        Cli r = Cli.run(ENV, "run", "--scenarios", "migration", "--config", config.toString(), "--output", out.toString());
        assertThat(r.code()).as(r.all()).isIn(ExitCodes.PASSED, ExitCodes.THRESHOLDS_FAILED);
        JsonNode d = migration(out).get("dual_write");
        long dropped = d.get("writes").asLong();
        assertThat(dropped).isPositive();
        List<String> sample = new ArrayList<>();
        d.get("sample").forEach(k -> sample.add(k.asText()));
        assertThat(sample).isNotEmpty().allMatch(k -> k.matches("(game|player|session|event):[a-z]\\d+"));
        assertThat(d.get("reasons").toString()).contains("injected fault");
        assertThat(d.get("still_divergent").asLong() + d.get("repaired").asLong()).isPositive();
        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("Dual-write divergence: " + dropped + " writes").contains(sample.getFirst());
        JsonNode verdicts = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("scenarios").get(0).get("verdicts");
        assertThat(verdicts.toString()).contains("migration_dual_write_divergence");
    }

    @Test
    void aUserCommandsPhaseLinesBecomePhasesWithFiguresOfTheirOwn(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("migrate.sh");
        Files.writeString(script, "#!/bin/sh\necho STAMPEDE-PHASE: schema\nsleep 2\necho STAMPEDE-PHASE: copy\nsleep 2\necho done\n");
        Path config = write(dir, """
                scenarios:
                  migration:
                    duration: 10s
                    warmup: 1s
                migration:
                  phases:
                    - type: baseline
                      duration: 5s
                    - type: command
                      name: deploy
                      command: [sh, %s]
                      duration: 5s
                      timeout: 30s
                      marks: [schema, copy]
                """.formatted(script.toString()));
        Path out = dir.resolve("out");
        Cli r = Cli.run(ENV, "run", "--scenarios", "migration", "--config", config.toString(), "--output", out.toString());
        assertThat(r.code()).as(r.all()).isIn(ExitCodes.PASSED, ExitCodes.THRESHOLDS_FAILED);
        JsonNode m = migration(out);
        List<String> marks = new ArrayList<>();
        m.get("marks").forEach(k -> marks.add(k.get("name").asText()));
        assertThat(marks).containsExactly("schema", "copy");
        double schemaAt = m.get("marks").get(0).get("at_s").asDouble(), copyAt = m.get("marks").get(1).get("at_s").asDouble();
        assertThat(copyAt - schemaAt).isBetween(1.9, 3.5);
        assertThat(m.get("commands").get("deploy").get("exit_code").asInt()).isZero();
        Map<String, JsonNode> impact = new java.util.HashMap<>();
        m.get("impact").forEach(i -> impact.put(i.get("phase").asText(), i));
        assertThat(impact).containsKeys("baseline", "deploy", "deploy/schema", "deploy/copy");
        // each mark's attempts are the engine's own count under that operation
        JsonNode ops = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("scenarios").get(0).get("operations");
        Map<String, Long> attempts = new java.util.HashMap<>();
        ops.forEach(o -> attempts.put(o.get("name").asText(), o.get("attempts").asLong()));
        for (String slot : List.of("deploy/schema", "deploy/copy")) {
            assertThat(impact.get(slot).get("attempts").asLong()).isPositive().isEqualTo(attempts.get(slot));
            assertThat(impact.get(slot).get("p95_change_pct").isNull()).isFalse();
        }
        assertThat(Files.readString(out.resolve("report.md"))).contains("mark schema").contains("| deploy/copy |");
        assertThat(Files.readString(out.resolve("report.html"))).contains("deploy/schema");
    }

    @Test
    void postgresLostDuringCutoverStopsTheScenarioAndReportsWhereTheRouterStayed(@TempDir Path dir) throws Exception {
        Path config = write(dir, """
                scenarios:
                  migration:
                    duration: 16s
                    warmup: 1s
                    faults:
                      - {target: database, kind: reset, at: 9s, for: 7s}
                migration:
                  phases:
                    - {type: dual-write, duration: 2s}
                    - {type: backfill, duration: 4s}
                    - {type: verify, duration: 2s}
                    - {type: cutover, duration: 4s}
                    - {type: rollback, duration: 4s}
                """);
        Files.writeString(config, Files.readString(config).replace("database:\n  schema: " + SCHEMA + "\n",
                "database:\n  schema: " + SCHEMA + "\n  pool_timeout: 2s\n"));
        Path out = dir.resolve("out");
        Cli r = Cli.run(ENV, "run", "--scenarios", "migration", "--config", config.toString(), "--output", out.toString());
        // the scenario either ran to its end with the migration's verdict failed (1) or was stopped as target lost (3)
        assertThat(r.code()).as(r.all()).isIn(ExitCodes.THRESHOLDS_FAILED, ExitCodes.TARGET_UNREACHABLE);
        assertThat(r.all()).doesNotContain("at dev.stampede").contains("the router stayed in mode POSTGRES");
        JsonNode m = migration(out);
        assertThat(m.get("stopped_in").asText()).containsAnyOf("phase 'cutover'", "phase 'rollback'");
        List<JsonNode> phases = new ArrayList<>();
        m.get("phases").forEach(phases::add);
        assertThat(phases.get(0).get("status").asText()).isEqualTo("completed");
        assertThat(phases.get(2).get("status").asText()).isEqualTo("completed");
        JsonNode last = null;
        for (JsonNode p : phases) if (!p.get("start_s").isNull()) last = p;
        assertThat(last.get("name").asText()).isIn("cutover", "rollback");
        assertThat(last.get("status").asText()).matches("(failed|stopped).*");
        assertThat(last.get("mode").asText()).isEqualTo("postgres");     // never half-switched: still on PostgreSQL
        assertThat(m.get("after_verify").get("missing").asLong()).isZero();
        assertThat(Files.readString(out.resolve("report.md"))).contains("Stopped early:");
    }

    @Test
    void cutoverBeforeVerifyIsRefusedWithExitTwoUnlessForced(@TempDir Path dir) throws Exception {
        Path config = write(dir, "migration:\n  phases: [baseline, dual-write, backfill, cutover, verify]\n");
        Cli r = Cli.run(ENV, "run", "--scenarios", "migration", "--config", config.toString(), "--output", dir.resolve("out").toString());
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.all()).contains("cutover before verify").contains("migration.force: true").doesNotContain("at dev.stampede");
    }
}
