package dev.stampede.postgres;

import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.NanoClock;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.workload.WeightedWorkload;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link UserConnections} on a real HikariCP pool and the PostgreSQL service: a held connection is one backend per
 * user thread across attempts, borrowed (and timed as acquire) once; a failed attempt gives it back and the next
 * borrows anew; releaseAll returns every one; per-attempt borrowing still times every borrow. The server's
 * {@code pg_backend_pid()} is the independent witness of which physical connection ran each attempt.
 */
class UserConnectionsIT {
    private static final String SCHEMA = "stampede_it_userconn";

    private static PgTarget target() throws Exception {
        DatabaseConfig cfg = new DatabaseConfig(ItSupport.URL, null, 0, Duration.ofMinutes(30), Duration.ofSeconds(5),
                Duration.ofSeconds(30), SCHEMA);
        return PgTarget.connect(DatabaseUrl.parse(ItSupport.URL, "test"), cfg);
    }

    /** Reads the backend's pid through a prepared statement from the source; fails when told to. */
    private static final class Pid extends SqlOperation {
        final Set<Integer> pids = ConcurrentHashMap.newKeySet();
        final Set<PreparedStatement> statements = ConcurrentHashMap.newKeySet();
        volatile boolean fail;

        Pid(javax.sql.DataSource ds) { super("pid", ds, 1); }

        @Override
        protected void execute(Connection c, SplittableRandom random) throws SQLException {
            PreparedStatement ps = connections().prepare(c, fail ? "SELECT 1/0" : "SELECT pg_backend_pid()");
            try (ResultSet rs = ps.executeQuery()) {
                statements.add(ps);
                rs.next();
                pids.add(rs.getInt(1));
            } finally {
                connections().finished(c, ps);
            }
        }
    }

    private static OperationContext ctx() {
        return new OperationContext(new SplittableRandom(1), NanoClock.SYSTEM);
    }

    @Test
    void aHeldConnectionServesEveryAttemptOfItsThreadAndIsTimedOnlyWhenBorrowed() throws Exception {
        try (PgTarget.Pool pool = target().pool(2)) {
            UserConnections held = UserConnections.held(pool.dataSource(), Duration.ofMinutes(30).toNanos());
            Pid op = new Pid(held);
            OperationContext ctx = ctx();
            int borrows = 0;
            for (int i = 0; i < 20; i++) {
                ctx.beginAttempt();
                assertThat(op.call(ctx)).isEqualTo(Outcome.OK);
                if (ctx.acquiredAtNanos() != 0) borrows++;
            }
            assertThat(borrows).isEqualTo(1);
            assertThat(op.pids).hasSize(1);
            assertThat(op.statements).hasSize(1);   // prepared once, reused
            assertThat(pool.dataSource().unwrap(com.zaxxer.hikari.HikariDataSource.class).getHikariPoolMXBean().getActiveConnections())
                    .isEqualTo(1);

            // a failure gives the connection back; the next attempt borrows again (and is timed)
            op.fail = true;
            ctx.beginAttempt();
            assertThat(op.call(ctx).isOk()).isFalse();
            assertThat(pool.dataSource().unwrap(com.zaxxer.hikari.HikariDataSource.class).getHikariPoolMXBean().getActiveConnections())
                    .isZero();
            op.fail = false;
            ctx.beginAttempt();
            assertThat(op.call(ctx)).isEqualTo(Outcome.OK);
            assertThat(ctx.acquiredAtNanos()).isNotZero();

            assertThat(held.releaseAll()).isEqualTo(1);
            assertThat(pool.dataSource().unwrap(com.zaxxer.hikari.HikariDataSource.class).getHikariPoolMXBean().getActiveConnections())
                    .isZero();
        }
    }

    @Test
    void inAnEngineRunEachUserHoldsItsOwnBackendAndEveryAttemptIsCounted() throws Exception {
        try (PgTarget.Pool pool = target().pool(3)) {
            UserConnections held = UserConnections.held(pool.dataSource(), Duration.ofMinutes(30).toNanos());
            Pid op = new Pid(held);
            ScenarioRun r = ItSupport.run(pool, new WeightedWorkload("w", List.of(new WeightedWorkload.Entry(op, 1))),
                    new PhasePlan("steady", new LoadModel.Closed(3, Duration.ZERO, Duration.ZERO), null, 50, true));
            assertThat(r.metrics().all().ok()).isEqualTo(150);
            assertThat(op.pids).hasSize(3);                       // one backend per user, not one per attempt
            assertThat(r.metrics().all().acquire().count()).isEqualTo(3);   // the three real borrows only
            assertThat(r.metrics().all().execution().count()).isEqualTo(150);
            assertThat(held.releaseAll()).isEqualTo(3);
            assertThat(pool.dataSource().unwrap(com.zaxxer.hikari.HikariDataSource.class).getHikariPoolMXBean().getActiveConnections())
                    .isZero();
        }
    }

    @Test
    void borrowedPerAttemptTimesEveryBorrowAndKeepsNothing() throws Exception {
        try (PgTarget.Pool pool = target().pool(1)) {
            Pid op = new Pid(UserConnections.pooled(pool.dataSource()));
            OperationContext ctx = ctx();
            for (int i = 0; i < 5; i++) {
                ctx.beginAttempt();
                assertThat(op.call(ctx)).isEqualTo(Outcome.OK);
                assertThat(ctx.acquiredAtNanos()).isNotZero();
                assertThat(pool.dataSource().unwrap(com.zaxxer.hikari.HikariDataSource.class).getHikariPoolMXBean().getActiveConnections())
                        .isZero();
            }
            assertThat(op.statements).hasSize(5);   // a statement per attempt, each closed
            for (PreparedStatement ps : op.statements) assertThat(ps.isClosed()).isTrue();
        }
    }
}
