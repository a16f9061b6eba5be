package dev.stampede.postgres;

import dev.stampede.core.api.ErrorClass;
import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;

import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.NanoClock;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.core.workload.WeightedWorkload;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link SqlOperation} against a real HikariCP pool on the PostgreSQL service: a pool timeout is acquire
 * time and a "pool exhausted" failure, never execution time; a failure to return the connection never
 * rewrites the attempt's outcome.
 */
class SqlOperationIT {
    private static final String SCHEMA = "stampede_it_sqlop";

    private static PgTarget target(Duration poolTimeout) throws Exception {
        DatabaseConfig cfg = new DatabaseConfig(ItSupport.URL, 1, 0, Duration.ofMinutes(30), poolTimeout,
                Duration.ofSeconds(30), SCHEMA);
        return PgTarget.connect(DatabaseUrl.parse(ItSupport.URL, "test"), cfg);
    }

    /** SELECT 1, counting how often it ran. */
    private static final class Select extends SqlOperation {
        final AtomicLong executed = new AtomicLong();

        Select(javax.sql.DataSource ds) { super("select", ds, 1); }

        @Override
        protected void execute(Connection c, SplittableRandom random) throws SQLException {
            executed.incrementAndGet();
            try (Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
        }
    }

    @Test
    void aPoolTimeoutIsRecordedAsAcquireTimeAndPoolExhaustedNeverAsExecution() throws Exception {
        try (PgTarget.Pool pool = target(Duration.ofMillis(250)).pool(1);
             Connection held = pool.dataSource().getConnection()) { // the pool's only connection, held throughout
            assertThat(held.isValid(2)).isTrue();
            Select op = new Select(pool.dataSource());
            ScenarioRun r = ItSupport.run(pool, new WeightedWorkload("w", List.of(new WeightedWorkload.Entry(op, 1))),
                    new PhasePlan("steady", new LoadModel.Closed(1, Duration.ZERO, Duration.ZERO), null, 4, true));
            OperationSummary all = r.metrics().all();
            assertThat(op.executed.get()).isZero();
            assertThat(all.failed()).isEqualTo(4); // the plan's iterations: one user, four attempts
            assertThat(all.errors()).hasSize(1);
            assertThat(all.errors().get(0).code()).isEqualTo(ErrorClass.POOL_TIMEOUT.code());
            assertThat(all.errors().get(0).label()).contains("pool exhausted");
            assertThat(all.acquire().count()).isEqualTo(4);
            assertThat(all.acquire().p50Ms()).isCloseTo(250.0, within(150.0));
            assertThat(all.execution().count()).isZero();
        }
    }

    /**
     * Makes returning {@code c} to the pool fail: the isolation level is changed (so the pool must reset
     * it on return) and the backend is then terminated from another session without the pool noticing.
     */
    private static void breakBehindThePoolsBack(PgTarget t, Connection c) throws SQLException {
        c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
        int pid = c.unwrap(PGConnection.class).getBackendPID();
        try (Connection side = t.open("stampede-test"); Statement s = side.createStatement()) {
            s.execute("SELECT pg_terminate_backend(" + pid + ")");
            for (int i = 0; i < 100; i++) {
                try (var rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid)) {
                    rs.next();
                    if (rs.getInt(1) == 0) return;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Test
    void aFailureToReturnTheConnectionNeverRewritesTheOutcome() throws Exception {
        PgTarget t = target(Duration.ofSeconds(5));
        try (PgTarget.Pool pool = t.pool(1)) {
            // the premise: on this pool and driver, returning such a connection throws
            Connection probe = pool.dataSource().getConnection();
            breakBehindThePoolsBack(t, probe);
            assertThatThrownBy(probe::close).isInstanceOf(SQLException.class);

            SqlOperation failing = new SqlOperation("divide", pool.dataSource(), 1) {
                @Override
                protected void execute(Connection c, SplittableRandom random) throws SQLException {
                    try (Statement s = c.createStatement()) {
                        s.execute("SELECT 1/0");
                    } catch (SQLException divisionByZero) {
                        breakBehindThePoolsBack(t, c);
                        throw divisionByZero;
                    }
                }
            };
            Outcome failed = failing.call(new OperationContext(new SplittableRandom(1), NanoClock.SYSTEM));
            assertThat(failed.status()).isEqualTo(Outcome.Status.FAILED);
            assertThat(failed.error().code()).isEqualTo("22");

            SqlOperation succeeding = new SqlOperation("select", pool.dataSource(), 1) {
                @Override
                protected void execute(Connection c, SplittableRandom random) throws SQLException {
                    try (Statement s = c.createStatement()) {
                        s.execute("SELECT 1");
                    }
                    breakBehindThePoolsBack(t, c);
                }
            };
            assertThat(succeeding.call(new OperationContext(new SplittableRandom(1), NanoClock.SYSTEM)).isOk()).isTrue();
        }
    }
}
