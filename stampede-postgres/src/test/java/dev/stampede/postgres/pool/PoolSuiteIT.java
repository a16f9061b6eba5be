package dev.stampede.postgres.pool;

import dev.stampede.core.api.ErrorClass;
import dev.stampede.core.config.ScenarioSpec;
import dev.stampede.core.metrics.ErrorSummary;
import dev.stampede.core.target.SessionContext;
import dev.stampede.core.target.Target;
import dev.stampede.core.verdict.MetricVerdict;
import dev.stampede.core.verdict.Status;
import dev.stampede.postgres.DatabaseConfig;
import dev.stampede.postgres.DatabaseUrl;
import dev.stampede.postgres.PostgresTargetProvider;
import dev.stampede.postgres.SharedEmbedded;
import dev.stampede.postgres.health.HealthReport;
import dev.stampede.postgres.health.StatementDelta;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pool suite's exhaustion and recycling scenarios on the embedded server (so that no other session is named
 * 'stampede'), each checked against the server's own view: a watcher polling pg_stat_activity and pg_stat_statements.
 */
@ExtendWith(SharedEmbedded.class)
class PoolSuiteIT {
    static final String SCHEMA = "stampede_it_pool_c";
    static Target target;
    static DatabaseUrl url;

    @BeforeAll
    static void open() throws Exception {
        url = DatabaseUrl.parse(SharedEmbedded.server().url(), "embedded");
        DatabaseConfig config = new DatabaseConfig(SharedEmbedded.server().url(), null, 0, Duration.ofMinutes(30), Duration.ofSeconds(5),
                Duration.ofSeconds(30), SCHEMA);
        target = new PostgresTargetProvider().open(config, new SessionContext(null, new PrintWriter(Writer.nullWriter()), new ArrayList<>()));
    }

    @AfterAll
    static void close() {
        if (target != null) target.close();
    }

    private static ScenarioSpec spec(String name) {
        return PoolSuite.scenarios().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private static MetricVerdict verdict(ScenarioDriver.Result r, String metric) {
        return r.findings().verdicts().stream().filter(v -> v.metric().equals(metric)).findFirst().orElseThrow();
    }

    @Test
    void exhaustionTimesOutWaitersThenRecoversWithoutLeaking() throws Exception {
        ScenarioDriver.Result r;
        try (BackendWatcher watch = new BackendWatcher(url.jdbcUrl(), url.user())) {
            r = ScenarioDriver.run(target, ScenarioDriver.phased(spec(PoolSuite.EXHAUSTION), 0.4, ScenarioDriver.workload("pool")));
            assertThat(watch.peak()).as("backends at once on the server").isBetween(1, 5);
        }
        PoolReport report = (PoolReport) r.extra(PoolReport.KEY);
        PoolReport.Exhaustion e = report.exhaustion();
        assertThat(report.poolSize()).isEqualTo(5);
        assertThat(report.timeoutMs()).isEqualTo(300);
        PoolReport.PhaseCount overload = e.phases().stream().filter(p -> p.phase().equals(PoolSuite.OVERLOAD_PHASE)).findFirst().orElseThrow();
        PoolReport.PhaseCount recovery = e.phases().stream().filter(p -> p.phase().equals(PoolSuite.RECOVERY_PHASE)).findFirst().orElseThrow();
        assertThat(e.poolTimeouts()).isPositive();
        // every failure was a pool timeout, all in the overload phase; the recovery phase had none
        long failures = r.run().metrics().all().failed() + r.run().metrics().all().unknown();
        assertThat(r.run().metrics().all().errors()).extracting(ErrorSummary::code).containsOnly(ErrorClass.POOL_TIMEOUT.code());
        assertThat(e.poolTimeouts()).isEqualTo(failures).isEqualTo(overload.failures());
        assertThat(overload.worstAcquireP95Ms()).isGreaterThan(200);
        assertThat(recovery.failures()).isZero();
        assertThat(recovery.attempts()).isPositive();
        assertThat(e.recovered()).isTrue();
        assertThat(e.recoveredAfterS()).isZero();
        assertThat(e.stillOut()).isZero();
        assertThat(e.activeAfter()).isZero();
        assertThat(verdict(r, "pool_leaked_connections").status()).isEqualTo(Status.PASSED);
        assertThat(verdict(r, "pool_recovered_after_s").status()).isEqualTo(Status.PASSED);
        // the server ran exactly the successful attempts' statements (pg_stat_statements, measured window)
        HealthReport health = (HealthReport) r.extra(HealthReport.KEY);
        long calls = health.allStatements().stream().filter(s -> s.query().contains("pg_sleep")).mapToLong(StatementDelta::calls).sum();
        assertThat(calls).isEqualTo(r.run().metrics().all().ok());
    }

    @Test
    void recyclingShowsNewBackendPidsAndKeepsTheSizeLimit() throws Exception {
        ScenarioDriver.Result r;
        int watcherDistinct;
        String timeline;
        try (BackendWatcher watch = new BackendWatcher(url.jdbcUrl(), url.user())) {
            r = ScenarioDriver.run(target, ScenarioDriver.phased(spec(PoolSuite.RECYCLING), 1.0, ScenarioDriver.workload("pool")));
            watcherDistinct = watch.distinct();
            timeline = watch.timeline();
            assertThat(watch.peak()).as("backends at once on the server").isBetween(2, 4);
        }
        // a pool of 4 that lived past its 30 s max lifetime had to open new backends: more distinct pids than its size
        assertThat(watcherDistinct).isGreaterThan(4);
        PoolReport.Recycling c = ((PoolReport) r.extra(PoolReport.KEY)).recycling();
        assertThat(c.note()).isNull();
        assertThat(c.distinctBackends()).isGreaterThan(4).isLessThanOrEqualTo(watcherDistinct);
        assertThat(c.endedBackends()).isPositive();
        // the quiet phase outlasts the max lifetime of every connection opened while busy (PoolSuite.RECYCLING_QUIET_S)
        assertThat(c.lifetimeRetired()).as("%s; ran %.1f s; %s", c, r.run().elapsedSeconds(), timeline).isPositive();
        assertThat(c.serverPeak()).isLessThanOrEqualTo(4);
        assertThat(c.poolPeak()).isLessThanOrEqualTo(4);
        assertThat(c.limitKept()).isTrue();
        assertThat(verdict(r, "pool_size_limit").status()).isEqualTo(Status.PASSED);
        assertThat(verdict(r, "pool_recycled_backends").status()).isEqualTo(Status.PASSED);
        assertThat(r.run().metrics().all().failed()).isZero();
    }
}
