package dev.stampede.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A pool larger than the server's free connection slots is refused before any load, with the server's numbers. */
class ConnectionBudgetCliIT {
    @TempDir
    Path dir;

    @org.junit.jupiter.api.AfterAll
    static void dropSchema() throws Exception {
        Cli.dropSchema("stampede_it_budget_cli");
    }

    private static int maxConnections() throws Exception {
        try (var c = Cli.connect(); var s = c.createStatement();
             var rs = s.executeQuery("SHOW max_connections")) {
            rs.next();
            return Integer.parseInt(rs.getString(1));
        }
    }

    @Test
    void aPoolBeyondTheServersSlotsIsRefusedBeforeLoadStarts() throws Exception {
        int max = maxConnections();
        Cli r = Cli.run(Map.of("DATABASE_URL", Cli.PG), "run", "--scenarios", "quick", "--connections", Integer.toString(max + 300),
                "--duration", "2s", "--schema", "stampede_it_budget_cli", "--output", dir.resolve("out").toString());
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("max_connections").contains(Integer.toString(max)).contains("--allow-connection-exhaustion")
                .doesNotContain("Exception");
        assertThat(r.out()).doesNotContain("Preparing workload").doesNotContain("Scenario quick");
    }

    @Test
    void theReportShowsThePoolSizeActuallyUsed() throws Exception {
        Path out = dir.resolve("ok");
        Cli r = Cli.run(Map.of("DATABASE_URL", Cli.PG), "run", "--scenarios", "quick", "--connections", "3", "--duration", "1s",
                "--workload", "select-only", "--schema", "stampede_it_budget_cli", "--output", out.toString());
        assertThat(r.code()).as(r.all()).isZero();
        var s = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("scenarios").get(0);
        assertThat(s.get("workload").asText()).contains("pool of up to 3 connections");
    }
}
