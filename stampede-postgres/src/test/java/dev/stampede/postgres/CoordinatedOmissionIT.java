package dev.stampede.postgres;

import dev.stampede.core.config.CustomStatement;
import dev.stampede.core.engine.ArrivalProcess;
import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.metrics.OperationSummary;
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
 * The coordinated-omission proof: under an open-model load, a second session holds an exclusive lock
 * on the table for 2 s. Every arrival due during the stall must wait and be measured from its
 * intended start, so the stall shows in the upper percentiles, not as ten slow samples (the ten
 * in-flight attempts a closed-loop tool would report).
 */
class CoordinatedOmissionIT {
    static final String SCHEMA = "stampede_it_co";
    static PgTarget target;

    @BeforeAll
    static void setUp() throws Exception {
        target = ItSupport.freshSchema(SCHEMA, "CREATE TABLE probe (id int PRIMARY KEY, v int)",
                "INSERT INTO probe SELECT i, i FROM generate_series(1, 1000) i");
    }

    @AfterAll
    static void clean() throws Exception {
        ItSupport.dropSchema(target, SCHEMA);
    }

    @Test
    void aTwoSecondServerStallShowsInTheUpperPercentiles() throws Exception {
        CustomStatement select = new CustomStatement("probe_select", "SELECT v FROM probe WHERE id = :id", 1,
                Map.of("id", new CustomStatement.ParamSpec("int", "uniform", 1, 1000, 0, 0.99, List.of())));
        ScenarioRun r;
        Thread locker;
        try (PgTarget.Pool pool = target.pool(10)) {
            pool.warm(Duration.ofSeconds(5));
            // started once the pool is warm, so that the stall falls inside the run however long the pool took to
            // open its connections (on a busy machine it can take over the locker's first 2 s)
            locker = Thread.ofPlatform().start(() -> {
                try (Connection c = target.open("stampede-it-locker"); Statement s = c.createStatement()) {
                    Thread.sleep(2000);
                    c.setAutoCommit(false);
                    s.execute("LOCK TABLE " + SCHEMA + ".probe IN ACCESS EXCLUSIVE MODE");
                    Thread.sleep(2000); // the stall
                    c.commit();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            r = ItSupport.run(pool, CustomWorkload.create(pool.dataSource(), new OwnSchema(SCHEMA), List.of(select), 1),
                    new PhasePlan("steady", new LoadModel.Open(200, ArrivalProcess.CONSTANT, 10), Duration.ofSeconds(6), 0, true));
        }
        locker.join();
        OperationSummary all = r.metrics().all();
        // 1,200 arrivals; about 400 fall in the stall and wait 0..2 s each
        assertThat(all.attempts() + r.metrics().droppedArrivals()).isBetween(1190L, 1201L);
        assertThat(all.failed()).isZero();
        assertThat(all.latency().p90Ms()).as("p90 from intended start").isGreaterThan(800);
        assertThat(all.latency().p99Ms()).isGreaterThan(1700);
        assertThat(all.latency().maxMs()).isGreaterThan(1800);
        // the per-second series shows the stall too: some second's p95 is over a second
        assertThat(r.metrics().series()).anySatisfy(row -> assertThat(row.p95Ms()).isGreaterThan(1000));
        // service time of the typical attempt stayed short: a tool timing from actual start would report this
        assertThat(all.execution().p50Ms()).isLessThan(20);
    }
}
