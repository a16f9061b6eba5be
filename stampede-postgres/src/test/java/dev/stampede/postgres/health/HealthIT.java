package dev.stampede.postgres.health;

import dev.stampede.core.advisor.Recommendation;
import dev.stampede.core.config.CustomStatement;
import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.api.Workload;
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
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the database says, against an embedded PostgreSQL with pg_stat_statements: a missing index is
 * found and named, a held lock shows as contention with its wait, an idle-in-transaction session is
 * detected, and the statement deltas hold the workload and none of Stampede's monitoring.
 */
@org.junit.jupiter.api.extension.ExtendWith(SharedEmbedded.class)
class HealthIT {
    static final String SCHEMA = "stampede_it_health";
    static PgTarget target;

    @BeforeAll
    static void start() throws Exception {
        target = SharedEmbedded.freshSchema(SCHEMA, List.of(
                    "CREATE TABLE items (id int PRIMARY KEY, category int NOT NULL, payload text)",
                    "INSERT INTO items SELECT i, i % 500, md5(i::text) FROM generate_series(1, 40000) i",
                    "ANALYZE items"));
    }

    private static Workload byCategory(PgTarget.Pool pool) {
        return CustomWorkload.create(pool.dataSource(), new OwnSchema(SCHEMA), List.of(new CustomStatement("items_by_category",
                "SELECT id, payload FROM items WHERE category = :category", 1,
                Map.of("category", new CustomStatement.ParamSpec("int", "uniform", 0, 499, 0, 0.99, List.of())))), 1);
    }

    private static HealthReport runWith(PgHealth health, Runnable during, double slowMs) throws Exception {
        PgHealth.Session db = health.begin();
        Thread side = Thread.ofPlatform().start(during);
        ScenarioRun run;
        Workload w;
        try (PgTarget.Pool pool = target.pool(4)) {
            w = byCategory(pool);
            run = ItSupport.run(pool, w, new PhasePlan("steady", new LoadModel.Closed(4, Duration.ZERO, Duration.ZERO),
                    Duration.ofSeconds(5), 0, true), db.monitors());
        }
        side.join();
        HealthReport h = db.finish(run, w, slowMs);
        h.capabilities();
        return h;
    }

    @Test
    void missingIndexIsRecommendedNamingTheFilterColumnAndMonitoringStaysOutOfTheDeltas() throws Exception {
        try (PgHealth health = PgHealth.open(target)) {
            assertThat(health.capabilities().pgStatStatements()).isTrue();
            HealthReport h = runWith(health, () -> { }, 0); // slowMs 0: every statement is EXPLAINed
            assertThat(h.allStatements()).anySatisfy(s -> assertThat(s.query()).contains("FROM items WHERE category = $1"));
            assertThat(h.allStatements()).noneSatisfy(s -> assertThat(s.query())
                    .containsAnyOf("stampede:monitor", "pg_stat_activity", "pg_stat_database", "pg_stat_statements", "pg_stat_user"));
            assertThat(h.crossCheck()).singleElement().satisfies(c -> {
                assertThat(c.operation()).isEqualTo("items_by_category");
                assertThat(c.serverMeanMs()).isPositive().isLessThan(c.clientMeanMs());
            });
            assertThat(h.slowQueryPlans()).singleElement().satisfies(p -> {
                assertThat(p.error()).isNull();
                assertThat(p.costliestNode()).contains("Seq Scan on " + SCHEMA + ".items");
                assertThat(p.findings()).anyMatch(f -> f.contains("Seq Scan on " + SCHEMA + ".items read 40,000 rows"));
            });
            List<Recommendation> recs = HealthAdvisor.advise(h, null, 4);
            assertThat(recs).anySatisfy(r -> {
                assertThat(r.title()).isEqualTo("Missing index on " + SCHEMA + ".items (category)");
                assertThat(r.action()).contains("CREATE INDEX CONCURRENTLY ON " + SCHEMA + ".items (category)");
                assertThat(r.evidence()).contains("sequential scans");
            });
        }
    }

    @Test
    void aLockHeldBySecondSessionAndAnIdleTransactionAreSeen() throws Exception {
        try (PgHealth health = PgHealth.open(target)) {
            HealthReport h = runWith(health, () -> {
                try (Connection locker = target.open("stampede-it-locker"); Statement s = locker.createStatement();
                     Connection idle = target.open("stampede-it-idle"); Statement t = idle.createStatement()) {
                    Thread.sleep(1000);
                    idle.setAutoCommit(false);
                    t.execute("SELECT 1");            // open transaction, then idle
                    locker.setAutoCommit(false);
                    s.execute("LOCK TABLE " + SCHEMA + ".items IN ACCESS EXCLUSIVE MODE");
                    Thread.sleep(2500);
                    locker.commit();
                    idle.rollback();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, 1000);
            assertThat(h.lockWaits()).isNotEmpty();
            HealthEvidence.LockWait longest = h.lockWaits().get(0);
            assertThat(longest.blockingApplication()).isEqualTo("stampede-it-locker");
            assertThat(longest.blockedApplication()).isEqualTo("stampede");
            assertThat(longest.maxWaitSeconds()).isGreaterThan(1.0);
            assertThat(h.idleInTransaction()).anySatisfy(i -> {
                assertThat(i.application()).isEqualTo("stampede-it-idle");
                assertThat(i.maxSeconds()).isGreaterThanOrEqualTo(1.0);
            });
            List<Recommendation> recs = HealthAdvisor.advise(h, null, 4);
            assertThat(recs).anySatisfy(r -> assertThat(r.title()).isEqualTo("Sessions waited for locks"));
            assertThat(recs).anySatisfy(r -> assertThat(r.title()).isEqualTo("Sessions sat idle inside open transactions"));
        }
    }
}
