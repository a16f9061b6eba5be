package dev.stampede.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampede.postgres.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Ctrl-C and a lost target both end the run early with every report written and marked partial. */
class StopAndLossIT {
    @TempDir
    Path dir;

    @Test
    void ctrlCWritesPartialReportsAndExits130() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path log = dir.resolve("out.log");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", cp, "dev.stampede.cli.Main", "run", "--scenarios", "baseline",
                "--duration", "60s", "--connections", "2", "--ramp-up", "0s", "--schema", "stampede_it_sigint",
                "--output", dir.resolve("out").toString());
        pb.environment().put("DATABASE_URL", Cli.PG);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && !(Files.exists(log) && Files.readString(log).contains("Scenario baseline"))) {
                Thread.sleep(100);
            }
            Thread.sleep(3000);
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(log)).isEqualTo(ExitCodes.INTERRUPTED);
            JsonNode json = new ObjectMapper().readTree(dir.resolve("out/report.json").toFile());
            assertThat(json.get("partial").asBoolean()).isTrue();
            assertThat(json.get("stop_reason").asText()).contains("interrupted");
            JsonNode totals = json.get("scenarios").get(0).get("totals");
            assertThat(totals.get("ok").asLong()).isPositive();
            assertThat(Files.readString(dir.resolve("out/report.md"))).contains("Partial");
        } finally {
            p.destroyForcibly();
            try (var c = DriverManager.getConnection("jdbc:" + Cli.PG.replace("postgres@", ""), "postgres", null);
                 var s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS stampede_it_sigint CASCADE");
            }
        }
    }

    @Test
    void aServerThatDiesMidRunEndsItAsTargetLostWithReports() throws Exception {
        Path cfg = dir.resolve("c.yaml");
        Files.writeString(cfg, "database:\n  pool_timeout: 2s\n");
        EmbeddedPostgres pg = EmbeddedPostgres.start();
        CompletableFuture<Cli> run = CompletableFuture.supplyAsync(() -> Cli.run(Map.of("DATABASE_URL", pg.url()), "run",
                "--config", cfg.toString(), "--scenarios", "baseline", "--duration", "90s", "--connections", "3",
                "--ramp-up", "0s", "--output", dir.resolve("out").toString()));
        Thread.sleep(6000);
        long killedAt = System.nanoTime();
        pg.close();
        Cli r = run.get(60, TimeUnit.SECONDS);
        assertThat((System.nanoTime() - killedAt) / 1e9).as("detected in seconds").isLessThan(40);
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.TARGET_UNREACHABLE);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("out/report.json").toFile());
        assertThat(json.get("partial").asBoolean()).isTrue();
        assertThat(json.get("stop_reason").asText()).contains("stopped answering");
        assertThat(json.get("scenarios").get(0).get("totals").get("ok").asLong()).isPositive();
    }
}
