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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --set database.driver=wire} end to end: the select-only run's attempts against the server's own index
 * scans of Stampede's private pgbench_accounts (as {@link IndependentCountIT} does for pgjdbc), and the report says
 * the wire driver ran. Schema {@code stampede_it_wire_cli}.
 */
class WireDriverCliIT {
    static final String SCHEMA = "stampede_it_wire_cli";

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

    private Cli run(Path out) {
        return Cli.run(Map.of("DATABASE_URL", Cli.PG), "run", "--scenarios", "baseline", "--workload", "select-only",
                "--connections", "3", "--duration", "2s", "--schema", SCHEMA, "--set", "database.driver=wire",
                "--output", out.toString());
    }

    @Test
    void theReportsAttemptsEqualTheServersOwnIndexScansAndTheReportNamesTheDriver() throws Exception {
        assertThat(run(dir.resolve("load")).code()).isZero();   // loads the table
        Thread.sleep(1_200);                                    // backends of the first run have exited and flushed
        long before = indexScans();
        Path out = dir.resolve("measure");
        Cli r = run(out);
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.all()).doesNotContain("running on jdbc");
        Thread.sleep(1_200);
        long scans = indexScans() - before;
        JsonNode totals = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("scenarios").get(0).get("totals");
        long attempts = totals.get("attempts").asLong();
        assertThat(attempts).isPositive();
        assertThat(scans - attempts).as("server index scans %d against reported attempts %d", scans, attempts).isBetween(0L, 1L);
        assertThat(Files.readString(out.resolve("report.md"))).contains("wire driver (Stampede's own protocol client)");
    }
}
