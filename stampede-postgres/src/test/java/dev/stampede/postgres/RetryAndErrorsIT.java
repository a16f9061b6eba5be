package dev.stampede.postgres;

import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.config.CustomStatement;
import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.NanoClock;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.metrics.ErrorSummary;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.core.workload.WeightedWorkload;
import dev.stampede.postgres.workload.CustomWorkload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Serialization failures are retried and counted; errors are classified by SQLSTATE class. */
class RetryAndErrorsIT {
    static final String SCHEMA = "stampede_it_retry";
    static PgTarget target;

    @BeforeAll
    static void setUp() throws Exception {
        target = ItSupport.freshSchema(SCHEMA, "CREATE TABLE hot (id int PRIMARY KEY, n int NOT NULL)",
                "INSERT INTO hot VALUES (1, 0)", "CREATE TABLE uniq (id int PRIMARY KEY)");
    }

    @AfterAll
    static void clean() throws Exception {
        ItSupport.dropSchema(target, SCHEMA);
    }

    @Test
    void serializationFailuresAreRetriedAndCounted() throws Exception {
        String sql = "UPDATE " + SCHEMA + ".hot SET n = n + 1 WHERE id = 1";
        try (PgTarget.Pool pool = target.pool(8)) {
            SqlOperation increment = new SqlOperation("increment", pool.dataSource(), 20) {
                @Override
                protected void execute(Connection c, SplittableRandom r) throws SQLException {
                    Tx.run(c, Connection.TRANSACTION_REPEATABLE_READ, tx -> {
                        try (PreparedStatement ps = tx.prepareStatement("SELECT n FROM " + SCHEMA + ".hot WHERE id = 1")) {
                            ps.executeQuery().close();
                        }
                        try (PreparedStatement ps = tx.prepareStatement(sql)) {
                            ps.executeUpdate();
                        }
                    });
                }
            };
            ScenarioRun r = ItSupport.run(pool, new WeightedWorkload("hot", List.of(new WeightedWorkload.Entry(increment, 1))),
                    new PhasePlan("steady", new LoadModel.Closed(8, Duration.ZERO, Duration.ZERO), Duration.ofSeconds(2), 0, true));
            OperationSummary all = r.metrics().all();
            assertThat(all.retries()).isPositive();
            assertThat(all.retriedAttempts()).isPositive().isLessThanOrEqualTo(all.retries());
            assertThat(all.ok()).isPositive();
            assertThat(all.attempts()).isEqualTo(all.ok() + all.failed() + all.unknown());
            // every successful attempt incremented exactly once: retries did not double-apply
            try (Connection c = target.open("it"); var s = c.createStatement(); var rs = s.executeQuery("SELECT n FROM " + SCHEMA + ".hot")) {
                rs.next();
                assertThat((long) rs.getInt(1)).isEqualTo(all.ok());
            }
        }
    }

    private static Outcome once(PgTarget.Pool pool, String sql) throws InterruptedException {
        var wl = CustomWorkload.create(pool.dataSource(), new OwnSchema(SCHEMA),
                List.of(new CustomStatement("s", sql, 1, Map.of())), 1);
        OperationContext ctx = new OperationContext(new SplittableRandom(1), NanoClock.SYSTEM);
        return wl.operations().get(0).call(ctx);
    }

    @Test
    void errorsAreClassifiedBySqlstateClassWithASampleMessage() throws Exception {
        PgTarget shortTimeout = PgTarget.connect(DatabaseUrl.parse(ItSupport.URL, "test"),
                ItSupport.config(SCHEMA, Duration.ofMillis(200)));
        try (PgTarget.Pool pool = shortTimeout.pool(1)) {
            Outcome syntax = once(pool, "SELEC 1");
            assertThat(syntax.status()).isEqualTo(Outcome.Status.FAILED);
            assertThat(syntax.error().code()).isEqualTo("42");
            assertThat(syntax.message()).contains("42601");

            Outcome timeout = once(pool, "SELECT pg_sleep(2)");
            assertThat(timeout.error().code()).isEqualTo("57");
            assertThat(timeout.message()).contains("57014");

            assertThat(once(pool, "INSERT INTO uniq VALUES (1)").isOk()).isTrue();
            Outcome dup = once(pool, "INSERT INTO uniq VALUES (1)");
            assertThat(dup.error().code()).isEqualTo("23");
            assertThat(dup.error().label()).isEqualTo("integrity_constraint_violation");
        }
    }

    @Test
    void failuresAreGroupedInTheSummary() throws Exception {
        try (PgTarget.Pool pool = target.pool(2)) {
            var wl = CustomWorkload.create(pool.dataSource(), new OwnSchema(SCHEMA), List.of(
                    new CustomStatement("good", "SELECT 1", 1, Map.of()),
                    new CustomStatement("bad", "SELECT * FROM no_such_table", 1, Map.of())), 1);
            ScenarioRun r = ItSupport.run(pool, wl, new PhasePlan("steady",
                    new LoadModel.Closed(2, Duration.ZERO, Duration.ZERO), null, 50, true));
            OperationSummary all = r.metrics().all();
            assertThat(all.attempts()).isEqualTo(100);
            ErrorSummary e = all.errors().get(0);
            assertThat(e.code()).isEqualTo("42");
            assertThat(e.failed()).isEqualTo(all.failed());
            assertThat(e.sample()).contains("no_such_table");
        }
    }
}
