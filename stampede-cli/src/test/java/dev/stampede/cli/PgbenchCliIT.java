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

/** --pgbench-script end to end: built-ins by weight on Stampede's own copy, the pgbench section in every report. */
class PgbenchCliIT {
    static final String SCHEMA = "stampede_it_cli_pgbench";

    @TempDir
    Path dir;

    @AfterAll
    static void dropSchema() throws Exception {
        Cli.dropSchema(SCHEMA);
    }

    @Test
    void builtinScriptsRunWithThePgbenchSection() throws Exception {
        Path out = dir.resolve("results");
        Cli r = Cli.run(Map.of("DATABASE_URL", Cli.PG), "run", "--pgbench-script", "tpcb-like@3", "--pgbench-script", "select-only@1",
                "--scale", "1", "--duration", "3s", "--connections", "2", "--schema", SCHEMA, "--output", out.toString(), "--seed", "5");
        assertThat(r.code()).as(r.all()).isZero();
        JsonNode scenario = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("scenarios").get(0);
        JsonNode pg = scenario.get("extras").get("pgbench");
        assertThat(pg.get("scale").asInt()).isEqualTo(1);
        assertThat(pg.get("scripts")).hasSize(2);
        JsonNode tpcb = pg.get("scripts").get(0);
        assertThat(tpcb.get("name").asText()).isEqualTo("tpcb-like");
        assertThat(tpcb.get("statements")).hasSize(11);
        long ok = 0;
        for (JsonNode op : scenario.get("operations")) if (op.get("name").asText().equals("tpcb-like")) ok = op.get("ok").asLong();
        assertThat(ok).isPositive();
        // the script's own counter and the engine's recorder agree up to the attempts in flight at the phase edges
        assertThat(Math.abs(tpcb.get("transactions").asLong() - ok)).isLessThanOrEqualTo(2);
        // and the database saw at least that many tpcb-like transactions: one history row each
        try (Connection c = Cli.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SCHEMA + ".pgbench_history")) {
            rs.next();
            assertThat(rs.getLong(1)).isGreaterThanOrEqualTo(ok);
        }
        assertThat(Files.readString(out.resolve("report.md"))).contains("### pgbench scripts", "initial connection time",
                "UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid");
        assertThat(Files.readString(out.resolve("report.html"))).contains("pgbench scripts");
    }
}
