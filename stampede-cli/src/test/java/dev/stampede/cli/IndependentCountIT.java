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
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report's attempt count against a count the server keeps on its own: every select-only attempt is one
 * index scan of Stampede's private pgbench_accounts, which nothing else reads, so pg_stat_user_tables' idx_scan
 * delta over a run must equal the attempts the report counts (plus at most the one count(*) the loader may run
 * as an index-only scan while it checks the table). Once on pgjdbc (the default) and once on the wire driver
 * ({@code --set database.driver=wire}), whose report must say it ran.
 */
class IndependentCountIT {
    static final String SCHEMA = "stampede_it_count";

    @TempDir
    Path dir;

    @AfterAll
    static void dropSchema() throws Exception {
        Cli.dropSchema(SCHEMA);
    }

    private static long indexScans() throws Exception {
        try (Connection c = Cli.connect(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_stat_clear_snapshot()");
            try (ResultSet rs = s.executeQuery("SELECT coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE schemaname = '"
                    + SCHEMA + "' AND relname = 'pgbench_accounts'")) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private Cli run(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--scenarios", "baseline", "--workload", "select-only",
                "--connections", "3", "--duration", "2s", "--schema", SCHEMA, "--output", out.toString()));
        args.addAll(List.of(extra));
        return Cli.run(Map.of("DATABASE_URL", Cli.PG), args.toArray(String[]::new));
    }

    /** Loads the table, then runs once more and holds the reported attempts against the server's index scans. */
    private Path measure(String name, String... extra) throws Exception {
        assertThat(run(dir.resolve(name + "-load"), extra).code()).isZero();   // loads the table (once per schema)
        Thread.sleep(1_200);                                    // backends of the first run have exited and flushed
        long before = indexScans();
        Path out = dir.resolve(name);
        Cli r = run(out, extra);
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.all()).doesNotContain("running on jdbc");
        Thread.sleep(1_200);
        long scans = indexScans() - before;
        JsonNode totals = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("scenarios").get(0).get("totals");
        long attempts = totals.get("attempts").asLong();
        assertThat(attempts).isPositive();
        assertThat(scans - attempts).as("server index scans %d against reported attempts %d", scans, attempts).isBetween(0L, 1L);
        return out;
    }

    @Test
    void theReportsAttemptsEqualTheServersOwnIndexScans() throws Exception {
        measure("jdbc");
    }

    @Test
    void onTheWireDriverTooAndTheReportNamesTheDriver() throws Exception {
        Path out = measure("wire", "--set", "database.driver=wire");
        assertThat(Files.readString(out.resolve("report.md"))).contains("wire driver (Stampede's own protocol client)");
    }
}
