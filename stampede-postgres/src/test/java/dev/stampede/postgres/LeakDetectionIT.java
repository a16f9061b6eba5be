package dev.stampede.postgres;

import dev.stampede.core.api.ErrorClass;
import dev.stampede.core.api.Workload;
import dev.stampede.core.config.CustomStatement;
import dev.stampede.core.config.WorkloadConfig;
import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.NanoClock;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioPlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.config.PlannedScenario;
import dev.stampede.core.metrics.ErrorSummary;
import dev.stampede.core.target.ScenarioFindings;
import dev.stampede.core.target.ScenarioScope;
import dev.stampede.core.target.ScenarioUse;
import dev.stampede.core.target.SessionContext;
import dev.stampede.core.target.Target;
import dev.stampede.core.verdict.MetricVerdict;
import dev.stampede.core.verdict.Status;
import dev.stampede.core.workload.WeightedWorkload;
import dev.stampede.postgres.pool.LeakReport;
import dev.stampede.postgres.pool.PoolChecks;
import dev.stampede.postgres.pool.PoolFindings;
import dev.stampede.postgres.pool.PoolTuning;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.PrintWriter;
import java.io.Writer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The leak detector on the embedded server: it flags a workload that keeps connections checked out (held past the
 * threshold, or never returned, named by operation) and does not flag one that returns them; operations that throw
 * still return their connections. HikariCP's own active count is the independent check.
 */
@ExtendWith(SharedEmbedded.class)
class LeakDetectionIT {
    static final String SCHEMA = "stampede_it_leak_c";
    /**
     * Long enough that a {@code SELECT 1} checkout never reaches it even on a loaded machine (a 200 ms threshold was
     * crossed once by a quick checkout in CI beside other builds), short enough for {@code pg_sleep(1.2)} to cross it.
     */
    static final Duration THRESHOLD = Duration.ofSeconds(1);
    static DatabaseConfig config;
    static PgTarget pg;

    @BeforeAll
    static void open() throws Exception {
        config = new DatabaseConfig(SharedEmbedded.server().url(), null, 0, Duration.ofMinutes(30), Duration.ofSeconds(5),
                Duration.ofSeconds(30), SCHEMA, Duration.ZERO, true, false, THRESHOLD);
        pg = PgTarget.connect(DatabaseUrl.parse(SharedEmbedded.server().url(), "embedded"), config);
    }

    @AfterAll
    static void clean() throws Exception {
        ItSupport.dropSchema(pg, SCHEMA);
    }

    private static MetricVerdict verdict(List<MetricVerdict> vs, String metric) {
        return vs.stream().filter(v -> v.metric().equals(metric)).findFirst().orElseThrow();
    }

    /**
     * A custom statement run by 2 users for 2 s through the target's own scope, as a run does it; a target of its own,
     * because a run prepares the custom workload once, with the first scenario's statements.
     */
    private static ScenarioFindings runCustom(String name, String sql) throws Exception {
        try (Target target = new PostgresTargetProvider().open(config,
                new SessionContext(null, new PrintWriter(Writer.nullWriter()), new ArrayList<>()))) {
            return runCustom(target, name, sql);
        }
    }

    private static ScenarioFindings runCustom(Target target, String name, String sql) throws Exception {
        WorkloadConfig w = new WorkloadConfig("custom", 1, 0.5, 1, null, List.of(),
                List.of(new CustomStatement(name, sql, 1, Map.of(), List.of())));
        ScenarioPlan plan = new ScenarioPlan("leak-" + name, "leak test", List.of(new PhasePlan("steady",
                new LoadModel.Closed(2, Duration.ZERO, Duration.ZERO, Duration.ZERO), Duration.ofSeconds(2), 0, true)), null);
        PlannedScenario ps = new PlannedScenario(plan, w, 2);
        try (ScenarioScope scope = target.begin(new ScenarioUse(ps, true, Map.of(target.name(), target),
                new dev.stampede.core.config.Thresholds(null, null, null, null, null, null, null, null, null, 0.8)))) {
            dev.stampede.core.engine.Engine engine = new dev.stampede.core.engine.Engine(NanoClock.SYSTEM,
                    new dev.stampede.core.engine.Engine.Settings(Duration.ofSeconds(1), Duration.ofSeconds(3), 10, 7));
            ScenarioRun run = engine.runScenario(plan, scope.workload(), scope.monitors(), new dev.stampede.core.engine.RunControl(),
                    dev.stampede.core.engine.ProgressListener.NONE, scope.phaseListener());
            assertThat(run.metrics().all().ok()).as(name + " succeeded").isPositive();
            return scope.finish(run);
        }
    }

    @Test
    void connectionsHeldPastTheThresholdAreFlaggedWithTheirOperationAndQuickOnesAreNot() throws Exception {
        ScenarioFindings slow = runCustom("slow_hold", "SELECT pg_sleep(1.2)");
        LeakReport sr = (LeakReport) slow.extras().get(LeakReport.KEY);
        assertThat(sr.longCount()).containsOnlyKeys("slow_hold");
        assertThat(sr.longCount().get("slow_hold")).isPositive().isLessThanOrEqualTo(sr.checkouts());
        assertThat(sr.longestS().get("slow_hold")).isGreaterThanOrEqualTo(1.2);
        assertThat(sr.stillOut()).isEmpty();
        assertThat(verdict(slow.verdicts(), "long_checkouts").status()).isEqualTo(Status.WARNING);
        assertThat(verdict(slow.verdicts(), "long_checkouts").reason()).contains("slow_hold");
        assertThat(verdict(slow.verdicts(), "connections_not_returned").status()).isEqualTo(Status.PASSED);
        assertThat(slow.recommendations()).anyMatch(r -> r.evidence().contains("slow_hold"));

        ScenarioFindings quick = runCustom("quick", "SELECT 1");
        LeakReport qr = (LeakReport) quick.extras().get(LeakReport.KEY);
        assertThat(qr.checkouts()).isPositive();
        assertThat(qr.longCheckouts()).as(qr.longestS() + " of " + qr.checkouts()).isZero();
        assertThat(qr.stillOut()).isEmpty();
        assertThat(qr.activeAfter()).isZero();
        assertThat(verdict(quick.verdicts(), "long_checkouts").status()).isEqualTo(Status.PASSED);
        assertThat(verdict(quick.verdicts(), "connections_not_returned").status()).isEqualTo(Status.PASSED);
    }

    /** Borrows a connection of its own on each of its first {@code leaks} attempts and keeps it when {@code keep}. */
    static final class Borrower extends SqlOperation {
        final AtomicInteger calls = new AtomicInteger();
        final List<Connection> kept = new CopyOnWriteArrayList<>();
        final int leaks;
        final boolean keep;

        Borrower(String name, UserConnections ds, int leaks, boolean keep) {
            super(name, ds, 1);
            this.leaks = leaks;
            this.keep = keep;
        }

        @Override
        protected void execute(Connection c, SplittableRandom random) throws SQLException {
            if (calls.incrementAndGet() <= leaks) {
                Connection own = connections().borrow(name());
                try (Statement s = own.createStatement()) {
                    s.execute("SELECT 1");
                }
                if (keep) kept.add(own);
                else own.close();
            }
            try (Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
        }
    }

    private record Outcome(LeakReport report, List<MetricVerdict> verdicts, ScenarioRun run) {
    }

    private static Outcome runDirect(java.util.function.Function<UserConnections, SqlOperation> op) throws Exception {
        try (PgTarget.Pool pool = pg.pool(2, PoolTuning.fixed(4), true)) {
            Checkouts checkouts = new Checkouts(NanoClock.SYSTEM, THRESHOLD.toNanos());
            UserConnections connections = UserConnections.pooled(pool.dataSource(), checkouts);
            Workload w = new WeightedWorkload("leak", List.of(new WeightedWorkload.Entry(op.apply(connections), 1)));
            ScenarioRun run = ItSupport.run(pool, w, new PhasePlan("steady", new LoadModel.Closed(2, Duration.ZERO, Duration.ZERO,
                    Duration.ZERO), Duration.ofSeconds(2), 0, true), List.of(new CheckoutMonitor(checkouts)));
            LeakReport r = PoolFindings.leaks(run, checkouts, pool.activeConnections(), 50);
            return new Outcome(r, PoolChecks.leaks(r), run);
        }
    }

    @Test
    void connectionsNeverReturnedAreFlaggedAndReturnedOnesAreNot() throws Exception {
        List<Borrower> made = new ArrayList<>();
        Outcome leaky = runDirect(c -> {
            Borrower b = new Borrower("leaky", c, 2, true);
            made.add(b);
            return b;
        });
        try {
            assertThat(leaky.report().stillOut()).hasSize(2).allMatch(h -> h.operation().equals("leaky") && h.kind().equals("borrowed"));
            assertThat(leaky.report().activeAfter()).as("HikariCP's own count").isEqualTo(2);
            assertThat(leaky.report().longCount()).containsEntry("leaky", 2L);
            assertThat(verdict(leaky.verdicts(), "connections_not_returned").status()).isEqualTo(Status.FAILED);
            assertThat(verdict(leaky.verdicts(), "connections_not_returned").reason()).contains("leaky");
        } finally {
            for (Connection c : made.get(0).kept) c.close();
        }

        Outcome tidy = runDirect(c -> new Borrower("tidy", c, 2, false));
        assertThat(tidy.report().stillOut()).isEmpty();
        assertThat(tidy.report().activeAfter()).isZero();
        assertThat(tidy.report().longCheckouts()).as(tidy.report().longestS() + " of " + tidy.report().checkouts()).isZero();
        assertThat(tidy.report().checkouts()).isEqualTo(tidy.run().metrics().all().attempts() + 2);
        assertThat(verdict(tidy.verdicts(), "connections_not_returned").status()).isEqualTo(Status.PASSED);
        assertThat(verdict(tidy.verdicts(), "long_checkouts").status()).isEqualTo(Status.PASSED);
    }

    @Test
    void operationsThatThrowStillReturnTheirConnections() throws Exception {
        AtomicInteger n = new AtomicInteger();
        Outcome o = runDirect(c -> new SqlOperation("throws", c, 1) {
            @Override
            protected void execute(Connection conn, SplittableRandom random) throws SQLException {
                try (Statement s = conn.createStatement()) {
                    s.execute("BEGIN");
                    s.execute("SELECT 1");   // leaves a transaction open when what follows throws
                }
                if (n.incrementAndGet() % 2 == 0) throw new IllegalStateException("failing on purpose");
                try (Statement s = conn.createStatement()) {
                    s.execute("SELECT * FROM no_such_table_c");
                }
            }
        });
        ScenarioRun run = o.run();
        assertThat(run.metrics().all().ok()).isZero();
        assertThat(run.metrics().all().failed()).isEqualTo(run.metrics().all().attempts()).isEqualTo(n.get());
        assertThat(run.metrics().all().errors()).extracting(ErrorSummary::code).contains(ErrorClass.CLIENT_ERROR.code());
        assertThat(o.report().stillOut()).isEmpty();
        assertThat(o.report().activeAfter()).as("HikariCP's own count").isZero();
        assertThat(o.report().checkouts()).isEqualTo(n.get());
        // and no session of the pool was left idle in a transaction (HikariCP rolls back on return)
        try (Connection c = pg.open("it"); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'stampede' "
                     + "AND state LIKE 'idle in transaction%'")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }
}
