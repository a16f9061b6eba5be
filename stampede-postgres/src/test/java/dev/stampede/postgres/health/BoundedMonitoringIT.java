package dev.stampede.postgres.health;

import dev.stampede.core.api.Workload;
import dev.stampede.core.config.CustomStatement;
import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.postgres.DatabaseUrl;
import dev.stampede.postgres.EmbeddedPostgres;
import dev.stampede.postgres.ItSupport;
import dev.stampede.postgres.OwnSchema;
import dev.stampede.postgres.PgTarget;
import dev.stampede.postgres.SharedEmbedded;
import dev.stampede.postgres.workload.CustomWorkload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Monitoring never hangs a run, on an embedded PostgreSQL: with the workload's table locked ACCESS
 * EXCLUSIVE by another session, the end snapshot and the EXPLAIN come back within their bounds
 * (lock_timeout) and say why; with the monitoring backend frozen (SIGSTOP: the server still accepts
 * connections but that session never answers), finish returns within the socket timeout and the next
 * sample reconnects.
 */
@org.junit.jupiter.api.Timeout(120) // without the bounds these tests would hang: fail them instead
@org.junit.jupiter.api.extension.ExtendWith(SharedEmbedded.class)
class BoundedMonitoringIT {
    static final String SCHEMA = "stampede_it_bounded";
    static PgTarget target;

    @BeforeAll
    static void start() throws Exception {
        target = SharedEmbedded.freshSchema(SCHEMA, List.of(
                    "CREATE TABLE items (id int PRIMARY KEY, payload text)",
                    "INSERT INTO items SELECT i, md5(i::text) FROM generate_series(1, 2000) i"));
    }

    private static ScenarioRun shortRun(PgHealth.Session db, Workload[] w) throws Exception {
        try (PgTarget.Pool pool = target.pool(2)) {
            w[0] = CustomWorkload.create(pool.dataSource(), new OwnSchema(SCHEMA), List.of(new CustomStatement("item_by_id",
                    "SELECT payload FROM items WHERE id = :id", 1,
                    Map.of("id", new CustomStatement.ParamSpec("int", "uniform", 1, 2000, 0, 0.99, List.of())))), 1);
            return ItSupport.run(pool, w[0], new PhasePlan("steady", new LoadModel.Closed(2, Duration.ZERO, Duration.ZERO),
                    Duration.ofSeconds(1), 0, true), db.monitors());
        }
    }

    @Test
    void aTableLockedByAnotherSessionBoundsTheEndSnapshotAndTheExplain() throws Exception {
        try (PgHealth health = PgHealth.open(target); Connection locker = target.open("stampede-it-locker");
             Statement s = locker.createStatement()) {
            PgHealth.Session db = health.begin();
            Workload[] w = new Workload[1];
            ScenarioRun run = shortRun(db, w);
            locker.setAutoCommit(false);
            s.execute("LOCK TABLE " + SCHEMA + ".items IN ACCESS EXCLUSIVE MODE");
            long t0 = System.nanoTime();
            HealthReport h = db.finish(run, w[0], 0); // slow threshold 0: EXPLAIN the statement on the locked table
            double seconds = (System.nanoTime() - t0) / 1e9;
            locker.rollback();

            PgTarget.SideTimeouts bound = PgTarget.MONITORING;
            assertThat(seconds).isLessThan(bound.lock().toSeconds() + 5.0);
            assertThat(h.slowQueryPlans()).singleElement().satisfies(p ->
                    assertThat(p.error()).contains("waited more than 2.0 s for a lock another session holds"));
            assertThat(h.problems()).isEmpty();
            assertThat(h.tables()).anySatisfy(t -> {
                assertThat(t.qualified()).isEqualTo(SCHEMA + ".items");
                assertThat(t.sizeBytes()).isEqualTo(Snapshots.UNKNOWN);
            });
            assertThat(h.allStatements()).anySatisfy(st -> assertThat(st.query()).contains("FROM items WHERE id = $1"));
        }
    }

    @Test
    void aFrozenMonitoringBackendCannotHangFinish() throws Exception {
        try (PgHealth health = PgHealth.open(target); Connection admin = target.open("stampede-it-admin")) {
            PgHealth.Session db = health.begin();
            Workload[] w = new Workload[1];
            ScenarioRun run = shortRun(db, w);
            long pid;
            try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT pid FROM pg_stat_activity WHERE application_name = '" + MonitorConnection.APP_NAME + "'")) {
                assertThat(rs.next()).isTrue();
                pid = rs.getLong(1);
            }
            signal("STOP", pid);
            try {
                long t0 = System.nanoTime();
                HealthReport h = db.finish(run, w[0], 1_000_000);
                double seconds = (System.nanoTime() - t0) / 1e9;
                assertThat(seconds).isGreaterThanOrEqualTo(PgTarget.MONITORING.socket().toSeconds() - 1.0)
                        .isLessThan(PgTarget.MONITORING.socket().toSeconds() + 5.0);
                assertThat(h.problems()).anySatisfy(p -> assertThat(p)
                        .contains("the end snapshot could not be read")
                        .contains("did not answer within " + PgTarget.MONITORING.socket().toSeconds() + " s"));
                assertThat(h.commitCheck()).isNull();
                // the stalled session was dropped; the next sample opens a new one instead of failing for the rest of the run
                assertThat(db.monitors().get(0).sample()).containsKey("commits");
                assertThat(health.monitorConnection().reconnects()).isEqualTo(1);
            } finally {
                signal("CONT", pid);
            }
        }
    }

    private static void signal(String sig, long pid) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).redirectErrorStream(true).start();
        assertThat(p.waitFor()).as("kill -" + sig + " " + pid + ": " + new String(p.getInputStream().readAllBytes())).isZero();
    }
}
