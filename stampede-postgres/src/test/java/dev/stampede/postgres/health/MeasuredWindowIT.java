package dev.stampede.postgres.health;

import dev.stampede.core.api.Workload;
import dev.stampede.core.config.CustomStatement;
import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.MonitorSeries;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.postgres.DatabaseUrl;
import dev.stampede.postgres.EmbeddedPostgres;
import dev.stampede.postgres.ItSupport;
import dev.stampede.postgres.OwnSchema;
import dev.stampede.postgres.PgTarget;
import dev.stampede.postgres.SharedEmbedded;
import dev.stampede.postgres.workload.CustomWorkload;
import dev.stampede.postgres.workload.GameSchema;
import dev.stampede.postgres.workload.GameWorkload;
import dev.stampede.postgres.workload.Grouped;
import dev.stampede.postgres.workload.RepositoryWorkload;
import dev.stampede.core.workload.WeightedWorkload;
import dev.stampede.core.report.GaugeSummary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's numbers against the server's over the same window, on an embedded PostgreSQL 18 with
 * pg_stat_statements and track_wal_io_timing: a warm-up runs first, then the measured phase between
 * {@code markMeasuredStart} and {@code markMeasuredEnd} (as the engine's phase hooks will call them).
 * pg_stat_statements' calls must equal the client's attempts exactly, pg_stat_database's xact_commit
 * (net of Stampede's own monitoring) must match the client's successes, and another application
 * committing on the side must show as a difference that names it.
 */
@org.junit.jupiter.api.extension.ExtendWith(SharedEmbedded.class)
class MeasuredWindowIT {
    static final String SCHEMA = "stampede_it_window";
    static PgTarget target;

    @BeforeAll
    static void start() throws Exception {
        target = SharedEmbedded.freshSchema(SCHEMA, List.of(
                    "CREATE TABLE items (id int PRIMARY KEY, payload text)",
                    "INSERT INTO items SELECT i, md5(i::text) FROM generate_series(1, 5000) i",
                    "CREATE TABLE events (id bigserial PRIMARY KEY, item int, at timestamptz DEFAULT now())"));
    }

    private static Workload workload(PgTarget.Pool pool) {
        var id = Map.of("id", new CustomStatement.ParamSpec("int", "uniform", 1, 5000, 0, 0.99, List.of()));
        return CustomWorkload.create(pool.dataSource(), new OwnSchema(SCHEMA), List.of(
                new CustomStatement("item_by_id", "SELECT payload FROM items WHERE id = :id", 3, id),
                new CustomStatement("insert_event", "INSERT INTO events (item) VALUES (:id)", 1, id)), 1);
    }

    private static PhasePlan phase(String name, boolean recorded, int seconds) {
        return new PhasePlan(name, new LoadModel.Closed(3, Duration.ZERO, Duration.ZERO), Duration.ofSeconds(seconds), 0, recorded);
    }

    /** Warm-up, then the measured phase with its edges marked (or not), then finish after the pool closed. */
    private static HealthReport run(PgHealth health, boolean mark, Runnable duringMeasured) throws Exception {
        return run(health, mark, duringMeasured, MeasuredWindowIT::workload);
    }

    private static HealthReport run(PgHealth health, boolean mark, Runnable duringMeasured,
                                    java.util.function.Function<PgTarget.Pool, Workload> workload) throws Exception {
        PgHealth.Session db = health.begin();
        ScenarioRun run;
        Workload w;
        try (PgTarget.Pool pool = target.pool(3)) {
            pool.warm(Duration.ofSeconds(10));
            w = workload.apply(pool);
            ItSupport.run(pool, w, phase("warm-up", false, 2));
            if (mark) db.markMeasuredStart(pool);
            Thread side = Thread.ofPlatform().start(duringMeasured);
            run = ItSupport.run(pool, w, phase("steady", true, 3), db.monitors());
            side.join();
            if (mark) db.markMeasuredEnd(pool);
        }
        return db.finish(run, w, 1_000_000);
    }

    private static void assertCallsMatchAttempts(HealthReport h) {
        assertThat(h.crossCheck()).hasSize(2).allSatisfy(c -> {
            assertThat(c.clientAttempts()).isPositive();
            assertThat(c.serverCalls()).as(c.operation() + ": pg_stat_statements calls against client attempts")
                    .isEqualTo(c.clientAttempts());
        });
    }

    @Test
    void serverCallsAndCommitsMatchTheClientOverTheMeasuredPhase() throws Exception {
        try (PgHealth health = PgHealth.open(target)) {
            HealthReport h = run(health, true, () -> { });
            assertThat(h.problems()).isEmpty();
            assertThat(h.statementWindow()).isEqualTo("the measured phase's start to the measured phase's end");
            assertCallsMatchAttempts(h);
            assertThat(h.allStatements()).noneSatisfy(st -> assertThat(st.query()).contains("pg_stat_force_next_flush"));

            CommitCheck c = h.commitCheck();
            assertThat(c.comparable()).isTrue();
            assertThat(c.exactEdges()).isTrue();
            assertThat(c.monitorCommits()).isPositive();   // the monitors ran and their commits were taken out
            assertThat(c.flushCommits()).isEqualTo(3);       // one per pooled connection at the end edge
            long ok = h.crossCheck().stream().mapToLong(CrossCheck::clientAttempts).sum();
            assertThat(c.clientCommits()).isEqualTo(ok);
            assertThat(c.serverCommits()).as(c.summary()).isBetween((long) (ok * 0.99), (long) Math.ceil(ok * 1.01));
            assertThat(c.consistent()).as(c.summary()).isTrue();
            assertThat(c.summary()).contains("they agree");

            // commit time: measured on this server, only for the statement that writes
            assertThat(h.walFlushMs()).isNotNull().isPositive();
            CrossCheck insert = h.crossCheck().stream().filter(x -> x.operation().equals("insert_event")).findFirst().orElseThrow();
            CrossCheck read = h.crossCheck().stream().filter(x -> x.operation().equals("item_by_id")).findFirst().orElseThrow();
            assertThat(insert.writes()).isTrue();
            assertThat(insert.commitMs()).isEqualTo(h.walFlushMs());
            assertThat(insert.restMs()).isCloseTo(insert.overheadMs() - insert.clientAcquireMs() - insert.commitMs(),
                    org.assertj.core.data.Offset.offset(1e-9));
            assertThat(read.writes()).isFalse();
            assertThat(read.commitMs()).isZero();
        }
    }

    @Test
    void theBuiltInWorkloadsDeclareTheCommitsTheyMake() throws Exception {
        OwnSchema game = new OwnSchema(SCHEMA + "_game"), repo = new OwnSchema(SCHEMA + "_repo");
        GameSchema data = new GameSchema(game, 1);
        try (Connection c = target.open("it")) {
            data.load(c);
            RepositoryWorkload.load(c, repo, 1);
        }
        try (PgHealth health = PgHealth.open(target)) {
            // transactions, a batch, single statements; retried tries roll back
            HealthReport g = run(health, true, () -> { }, pool -> GameWorkload.create(pool.dataSource(), game, data, 0.5, 3));
            assertThat(g.commitCheck().consistent()).as(g.commitCheck().summary()).isTrue();
            // N autocommit inserts per attempt, batches, k-statement transactions
            HealthReport r = run(health, true, () -> { }, pool -> new WeightedWorkload("repository", Grouped.select(
                    RepositoryWorkload.operations(pool.dataSource(), repo, 1, 3),
                    List.of("insert_each_10", "bulk_insert_50", "tx_5", "get_by_id"))));
            assertThat(r.commitCheck().consistent()).as(r.commitCheck().summary()).isTrue();
            assertThat(r.commitCheck().clientCommits()).isGreaterThan(r.crossCheck().stream().mapToLong(CrossCheck::clientAttempts).sum());
        }
    }

    @Test
    void withoutMarkedEdgesTheWindowHoldsTheWarmUpAndTheServerSeesMore() throws Exception {
        try (PgHealth health = PgHealth.open(target)) {
            HealthReport h = run(health, false, () -> { });
            assertThat(h.statementWindow()).isEqualTo("the scenario's start to the pool's close");
            assertThat(h.crossCheck()).allSatisfy(c -> assertThat(c.serverCalls()).isGreaterThan(c.clientAttempts()));
            assertThat(h.commitCheck().consistent()).isFalse();
            assertThat(h.commitCheck().causes()).anySatisfy(s -> assertThat(s).contains("starts before the warm-up"));
        }
    }

    @Test
    void anotherApplicationCommittingInTheWindowIsReportedAsTheDifference() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        try (PgHealth health = PgHealth.open(target)) {
            HealthReport h = run(health, true, () -> {
                try (Connection other = target.open("billing-batch"); Statement s = other.createStatement()) {
                    long until = System.nanoTime() + 2_500_000_000L;
                    while (System.nanoTime() < until && !stop.get()) s.execute("SELECT 1");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            CommitCheck c = h.commitCheck();
            assertThat(c.consistent()).as(c.summary()).isFalse();
            assertThat(c.differencePercent()).isGreaterThan(CommitCheck.TOLERANCE_PERCENT);
            assertThat(c.summary()).contains("other sessions committed on this database: billing-batch");
            assertCallsMatchAttempts(h); // the statements it ran are not the workload's
        }
    }

    @Test
    void withoutWalTimingTheServiceOn5432SaysHowToEnableIt() throws Exception {
        PgTarget service = ItSupport.target("stampede_it_window");
        try (MonitorConnection m = MonitorConnection.open(service); Connection c = service.open("stampede-test");
             Statement s = c.createStatement(); var rs = s.executeQuery("SHOW track_wal_io_timing")) {
            rs.next();
            WalFlush w = WalFlush.read(m);
            if (rs.getString(1).equals("on")) assertThat(w.available()).isTrue();
            else assertThat(w.missing()).contains("track_wal_io_timing is off").contains("ALTER SYSTEM SET track_wal_io_timing = on");
        }
    }

    /** Flushes this session's statistics, then reads xact_commit: two committed transactions. */
    private static long xactCommit(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_stat_force_next_flush()");
            try (var rs = s.executeQuery("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void theCommitsCounterSummarisesAsTheServersOwnXactCommitDifference() throws Exception {
        int k = 300;
        try (MonitorConnection m = MonitorConnection.open(target); Connection reader = target.open("stampede-it-reader");
             Connection writer = target.open("stampede-it-writer"); Statement w = writer.createStatement()) {
            DatabaseMonitor monitor = new DatabaseMonitor(m);
            w.execute("SELECT pg_stat_force_next_flush()"); // publishes the session start's own transaction
            m.flushStatistics();
            long x0 = xactCommit(reader);                // its read's own commit stays pending in the reader
            Map<String, Double> p1 = monitor.sample();   // baseline: commits 0
            for (int i = 0; i < k; i++) w.execute("SELECT 1");
            w.execute("SELECT pg_stat_force_next_flush()");
            m.flushStatistics();
            Map<String, Double> p2 = monitor.sample();
            long x1 = xactCommit(reader);
            GaugeSummary commits = GaugeSummary.of(new MonitorSeries("pg_database", List.of(
                    new MonitorSeries.Point(0.0, p1), new MonitorSeries.Point(1.5, p2)), null), monitor.counters()).get("commits");
            assertThat(commits.counter()).isTrue();
            // the server's difference as the reader saw it, less the reader's own two transactions in between
            // (its first read, published by its second flush, and that flush)
            assertThat(commits.delta()).isEqualTo((double) (x1 - x0 - 2));
            assertThat(commits.delta()).isEqualTo(k + 3.0);  // the writer's k + its second flush, the monitor's baseline read + flush
            assertThat(commits.perSecond()).isEqualTo(commits.delta() / 1.5);
            assertThat(monitor.counters()).contains("commits", "rollbacks", "blks_hit").doesNotContain("cache_hit_percent", "db_size_mb");
        }
    }
}
