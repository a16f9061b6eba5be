package dev.stampede.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Under an open-model load, a 5 s server stall (another session holds ACCESS EXCLUSIVE on the table every
 * attempt reads) is named as a stall with its window in report.md and report.json, and the advice does not
 * mistake it for a query that needs an index or an EXPLAIN.
 */
class StallReportIT {
    static final String SCHEMA = "stampede_it_stall";

    @TempDir
    Path dir;

    @AfterAll
    static void dropSchema() throws Exception {
        Cli.dropSchema(SCHEMA);
    }

    @Test
    void aFiveSecondStallIsNamedWithItsWindowAndGetsNoQueryAdvice() throws Exception {
        Path out = dir.resolve("out");
        CompletableFuture<Cli> run = CompletableFuture.supplyAsync(() -> Cli.run(Map.of("DATABASE_URL", Cli.PG), "run",
                "--scenarios", "baseline", "--workload", "select-only", "--qps-target", "200", "--connections", "40",
                "--duration", "14s", "--schema", SCHEMA, "--output", out.toString()));
        try (Connection locker = Cli.connect();
             Connection watch = Cli.connect(); Statement w = watch.createStatement()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            boolean loading = false;
            while (!loading && System.nanoTime() < deadline && !run.isDone()) {
                try (var rs = w.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'stampede' "
                        + "AND query LIKE '%pgbench_accounts%'")) {
                    rs.next();
                    loading = rs.getLong(1) > 0;
                }
                if (!loading) Thread.sleep(50);
            }
            assertThat(loading).as("the load started").isTrue();
            Thread.sleep(3_000);
            locker.setAutoCommit(false);
            try (Statement l = locker.createStatement()) {
                l.execute("LOCK TABLE " + SCHEMA + ".pgbench_accounts IN ACCESS EXCLUSIVE MODE");
                Thread.sleep(5_000);
            } finally {
                locker.rollback();
            }
            Cli r = run.get(90, TimeUnit.SECONDS);
            assertThat(r.code()).as(r.all()).isIn(0, 1);
            JsonNode s = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("scenarios").get(0);
            JsonNode stalls = s.get("stalls");
            assertThat(stalls).as(s.toString()).isNotEmpty();
            JsonNode st = stalls.get(0);
            assertThat(st.get("seconds").asDouble()).isBetween(3.5, 6.5);
            assertThat(st.get("end_second").asDouble() - st.get("start_second").asDouble()).isEqualTo(st.get("seconds").asDouble(),
                    org.assertj.core.data.Offset.offset(0.01));
            assertThat(st.get("in_flight").asInt()).isPositive();
            java.util.List<String> titles = new java.util.ArrayList<>();
            s.get("recommendations").forEach(x -> titles.add(x.get("title").asText()));
            assertThat(titles.get(0)).contains("stopped answering");
            // the stall is the cause: no advice to index or EXPLAIN the statement that waited behind it
            assertThat(titles).noneMatch(t -> t.startsWith("Missing index") || t.startsWith("Plan of slow operation")
                    || t.startsWith("Operation '"));
            assertThat(s.get("extras").get("postgres_health").get("slow_query_plans")).isEmpty();
            assertThat(titles).anyMatch(t -> t.contains("waited for locks"));
            String md = Files.readString(out.resolve("report.md"));
            assertThat(md).contains("Server stall").contains("the target stopped answering");
        } finally {
            run.cancel(true);
        }
    }
}
