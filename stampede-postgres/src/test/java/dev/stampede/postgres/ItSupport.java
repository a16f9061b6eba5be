package dev.stampede.postgres;

import dev.stampede.core.api.Workload;
import dev.stampede.core.engine.Engine;
import dev.stampede.core.engine.NanoClock;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ProgressListener;
import dev.stampede.core.engine.RunControl;
import dev.stampede.core.engine.ScenarioPlan;
import dev.stampede.core.engine.ScenarioRun;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * Shared set-up for integration tests: the PostgreSQL service on 127.0.0.1:5432, database test, trust
 * auth (STAMPEDE_TEST_PG_URL overrides). Each test class works in a schema of its own and drops it.
 */
public final class ItSupport {
    public static final String URL = System.getenv().getOrDefault("STAMPEDE_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test");

    private ItSupport() {
    }

    public static DatabaseConfig config(String schema, Duration statementTimeout) {
        return new DatabaseConfig(URL, null, 0, Duration.ofMinutes(30), Duration.ofSeconds(5), statementTimeout, schema);
    }

    public static PgTarget target(String schema) throws Exception {
        return PgTarget.connect(DatabaseUrl.parse(URL, "test"), config(schema, Duration.ofSeconds(30)));
    }

    /** A target whose schema {@code schema} is new and holds what {@code setup} creates (as a custom workload's setup). */
    public static PgTarget freshSchema(String schema, String... setup) throws Exception {
        PgTarget t = target(schema);
        dropSchema(t, schema);
        try (Connection c = t.open("it")) {
            dev.stampede.postgres.workload.CustomWorkload.setup(c, new OwnSchema(schema), List.of(setup));
        }
        return t;
    }

    public static void dropSchema(PgTarget t, String schema) throws SQLException {
        try (Connection c = t.open("stampede-test"); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** Runs one phase through the real engine. */
    public static ScenarioRun run(PgTarget.Pool pool, Workload workload, PhasePlan phase) throws InterruptedException {
        return run(pool, workload, phase, List.of());
    }

    /** Runs one phase with extra monitors beside the pool's. */
    public static ScenarioRun run(PgTarget.Pool pool, Workload workload, PhasePlan phase,
                                  List<dev.stampede.core.api.Monitor> extra) throws InterruptedException {
        java.util.List<dev.stampede.core.api.Monitor> monitors = new java.util.ArrayList<>(List.of(pool.monitor()));
        monitors.addAll(extra);
        Engine engine = new Engine(NanoClock.SYSTEM, new Engine.Settings(Duration.ofMillis(500), Duration.ofSeconds(5), 10, 7));
        return engine.runScenario(new ScenarioPlan("it", "integration test", List.of(phase), null), workload,
                monitors, new RunControl(), ProgressListener.NONE);
    }
}
