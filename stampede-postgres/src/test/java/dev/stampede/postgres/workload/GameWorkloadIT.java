package dev.stampede.postgres.workload;

import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.postgres.ItSupport;
import dev.stampede.postgres.OwnSchema;
import dev.stampede.postgres.PgTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The game workload against the real PostgreSQL service: every operation runs, only Stampede's schema changes. */
class GameWorkloadIT {
    static final String SCHEMA = "stampede_it_game";
    static PgTarget target;

    @BeforeAll
    static void connect() throws Exception {
        target = ItSupport.target(SCHEMA);
        ItSupport.dropSchema(target, SCHEMA);
    }

    @AfterAll
    static void clean() throws Exception {
        ItSupport.dropSchema(target, SCHEMA);
    }

    private static List<String> tablesOutside(String schema) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = target.open("it"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT schemaname || '.' || tablename FROM pg_tables "
                     + "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND schemaname NOT LIKE 'stampede%' ORDER BY 1")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    @Test
    void everyOperationRunsAndNothingOutsideTheSchemaIsWritten() throws Exception {
        List<String> before = tablesOutside(SCHEMA);
        OwnSchema own = new OwnSchema(SCHEMA);
        GameSchema data = new GameSchema(own, 1);
        try (Connection c = target.open("it")) {
            data.load(c);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + own.qualify("players"))) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1000);
            }
            assertThat(own.ownedTables(c)).containsExactlyInAnyOrder("games", "players", "sessions", "game_events", "game_players");
        }
        try (PgTarget.Pool pool = target.pool(6)) {
            ScenarioRun r = ItSupport.run(pool, GameWorkload.create(pool.dataSource(), own, data, 0.5, 5),
                    new PhasePlan("steady", new LoadModel.Closed(6, Duration.ZERO, Duration.ZERO), Duration.ofSeconds(3), 0, true));
            OperationSummary all = r.metrics().all();
            assertThat(r.metrics().operations()).hasSize(10).allSatisfy(op -> assertThat(op.ok()).as(op.name()).isPositive());
            assertThat(all.attempts()).isEqualTo(all.ok() + all.failed() + all.unknown());
            assertThat(all.errorRate()).isLessThan(0.01);
            assertThat(all.acquire().count()).isEqualTo(all.attempts());
        }
        assertThat(tablesOutside(SCHEMA)).isEqualTo(before);
    }
}
