package dev.stampede.postgres;

import dev.stampede.core.advisor.Recommendation;
import dev.stampede.core.api.Monitor;
import dev.stampede.core.api.Workload;
import dev.stampede.core.config.PlannedScenario;
import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.PhaseListener;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.target.ScenarioFindings;
import dev.stampede.postgres.workload.AckedWritesWorkload;
import dev.stampede.core.target.ScenarioScope;
import dev.stampede.core.target.ScenarioUse;
import dev.stampede.postgres.health.HealthAdvisor;
import dev.stampede.postgres.health.HealthReport;
import dev.stampede.postgres.health.PgHealth;
import dev.stampede.postgres.pgbench.PgbenchReport;
import dev.stampede.postgres.pgbench.PgbenchWindow;
import dev.stampede.postgres.pool.KneeFinder;
import dev.stampede.postgres.pool.LeakReport;
import dev.stampede.postgres.pool.PoolChecks;
import dev.stampede.postgres.pool.PoolFindings;
import dev.stampede.postgres.pool.PoolReport;
import dev.stampede.postgres.pool.PoolSuite;
import dev.stampede.postgres.pool.PoolTuning;
import dev.stampede.core.engine.NanoClock;
import dev.stampede.core.verdict.MetricVerdict;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL's part in one scenario. When it drives the load: a HikariCP pool sized to the scenario, the
 * workload bound to it, the pool monitor. Always (when monitoring is on): the database health monitors and,
 * at the end, the health report with its advice. Session thread only, except {@link #abort()}.
 */
final class PgScenarioScope implements ScenarioScope {
    private final PgTarget.Pool pool;
    private final UserConnections connections;
    private final Workload workload;
    private final String description;
    private final PgHealth.Session health;
    private final ScenarioUse use;
    private final boolean judgePool;
    private final List<Monitor> monitors = new ArrayList<>();
    private PgbenchWindow pgbench;
    private final Checkouts checkouts;
    private final PoolTuning tuning;
    private final List<KneeFinder.Point> sweep;
    /** The pool was aborted (a stop that had to free threads blocked on the server): held connections are not returned. */
    private volatile boolean aborted;
    /** The wire driver's sessions when this scenario runs on it (no pool then), else null. */
    private dev.stampede.postgres.wire.WireSessions wire;
    /** For the acknowledged-writes check after the load (a direct connection, never through a fault proxy). */
    private PgTarget pg;

    private PgScenarioScope(PgTarget.Pool pool, UserConnections connections, Workload workload, String description,
                            PgHealth.Session health, ScenarioUse use, boolean judgePool, PoolTuning tuning,
                            List<KneeFinder.Point> sweep) {
        this.judgePool = judgePool;
        this.tuning = tuning;
        this.sweep = sweep;
        this.checkouts = connections == null ? null : connections.checkouts();
        this.pool = pool;
        this.connections = connections;
        this.workload = workload;
        this.description = description;
        this.health = health;
        this.use = use;
        if (pool != null) monitors.add(pool.monitor());
        if (checkouts != null) monitors.add(new CheckoutMonitor(checkouts));
        if (health != null) monitors.addAll(health.monitors());
    }

    static PgScenarioScope begin(PgTarget pg, DatabaseConfig config, PgHealth health, PreparedWorkload prepared,
                                 ScenarioUse use) throws Exception {
        return begin(pg, config, health, prepared, use, new ArrayList<>());
    }

    /**
     * @param sweep the run's pool-sizing points so far (the target's, kept across scenarios); a sizing scenario adds
     *              its own at {@link #finish}
     */
    static PgScenarioScope begin(PgTarget pg, DatabaseConfig config, PgHealth health, PreparedWorkload prepared,
                                 ScenarioUse use, List<KneeFinder.Point> sweep) throws Exception {
        return begin(pg, config, health, prepared, use, sweep, line -> { });
    }

    /**
     * @param notes where the one line goes that says why {@code database.driver: wire} fell back to pgjdbc
     */
    static PgScenarioScope begin(PgTarget pg, DatabaseConfig config, PgHealth health, PreparedWorkload prepared,
                                 ScenarioUse use, List<KneeFinder.Point> sweep,
                                 java.util.function.Consumer<String> notes) throws Exception {
        PoolTuning tuning = PoolSuite.tuning(use.scenario().plan().name());
        if (prepared == null) {
            return new PgScenarioScope(null, null, null, null, health == null ? null : health.begin(), use, false, tuning, sweep);
        }
        PgHealth.Session session = health == null ? null : health.begin();
        boolean held = heldPerUser(pg.poolSize(use.scenario().users(), tuning), config, use.scenario(), tuning);
        if (config.wire()) {
            boolean sessionFault = use.scenario().faults().stream().anyMatch(f -> f.fault().kind().equals("statement-timeout"));
            String why = WireDriver.whyNot(pg.loadUrl(), prepared.wireStatements() != null, prepared.type(), held, sessionFault);
            if (why == null) return beginWire(pg, config, session, prepared, use, tuning, sweep);
            notes.accept("scenario '" + use.scenario().plan().name() + "': database.driver is wire, running on jdbc: " + why);
        }
        PgTarget.Pool pool = pg.pool(use.scenario().users(), tuning, !held);
        try {
            long warmStart = System.nanoTime();
            pool.warm(Duration.ofSeconds(15));
            double connectMs = (System.nanoTime() - warmStart) / 1e6;
            Checkouts checkouts = new Checkouts(NanoClock.SYSTEM, config.leakThreshold().toNanos());
            UserConnections connections = held ? UserConnections.held(pool.dataSource(), pool.maxLifetime().toNanos(), checkouts)
                    : UserConnections.pooled(pool.dataSource(), checkouts);
            Workload w = prepared.bind(connections, use.scenario().workload());
            // the pool-usage limit is judged only when the user sized the pool (DB_POOL_SIZE): the pool suite fills its pools on purpose
            PgScenarioScope scope = new PgScenarioScope(pool, connections, w, prepared.describe(use.scenario().workload())
                    + ", pool of up to " + pool.max() + " connections, " + connections.describe(), session, use,
                    config.poolSize() != null, tuning, sweep);
            scope.pgbench = PgbenchWindow.of(w, prepared.pgbenchTables(), connectMs);
            scope.pg = pg;
            return scope;
        } catch (Exception | Error e) {
            pool.close();
            throw e;
        }
    }

    /** The scenario on the wire driver: a session per user, opened before the load; no HikariCP pool. */
    private static PgScenarioScope beginWire(PgTarget pg, DatabaseConfig config, PgHealth.Session session, PreparedWorkload prepared,
                                             ScenarioUse use, PoolTuning tuning, List<KneeFinder.Point> sweep) throws Exception {
        var sessions = new dev.stampede.postgres.wire.WireSessions(WireDriver.settings(pg.loadUrl(), config),
                prepared.wireStatements(), use.scenario().users(), pg.serverVersionNum() >= 150000);
        try {
            sessions.warm();
        } catch (dev.stampede.postgres.wire.WireException e) {
            sessions.closeAll();
            RuntimeException cfg = ConnectErrors.configProblem(e, pg.loadUrl());
            if (cfg != null) throw cfg;
            throw ConnectErrors.unreachable(e, pg.loadUrl());
        }
        Workload w = prepared.bindWire(sessions);
        PgScenarioScope scope = new PgScenarioScope(null, null, w, prepared.describe(use.scenario().workload()) + ", "
                + sessions.describe(), session, use, false, tuning, sweep);
        scope.wire = sessions;
        scope.pg = pg;
        return scope;
    }

    /**
     * Held per user when the pool has a connection for every user, the user did not size it (DB_POOL_SIZE unset) and
     * every phase is a closed model without think time or pace: each user is then always inside an attempt, so a
     * borrow could never wait and the pool's numbers (every connection active) read the same as with a borrow per
     * attempt; a borrow and return per attempt would only cost CPU. Otherwise borrowed per attempt, so that pool waits
     * and idle connections (think time, open-model arrivals) are measured.
     */
    static UserConnections connections(PgTarget.Pool pool, DatabaseConfig config, PlannedScenario scenario) {
        if (heldPerUser(pool.max(), config, scenario, PoolTuning.NONE)) {
            return UserConnections.held(pool.dataSource(), pool.maxLifetime().toNanos());
        }
        return UserConnections.pooled(pool.dataSource());
    }

    /** Whether users hold their connections (see {@link #connections}); never when the pool suite sized the pool. */
    static boolean heldPerUser(int poolMax, DatabaseConfig config, PlannedScenario scenario, PoolTuning tuning) {
        boolean alwaysBusy = scenario.plan().phases().stream().allMatch(p -> p.model() instanceof LoadModel.Closed c
                && c.thinkTime().isZero() && c.pace().isZero() && c.stages() == null);
        return !tuning.sized() && config.poolSize() == null && poolMax >= scenario.users() && alwaysBusy;
    }

    @Override
    public PhaseListener phaseListener() {
        if (connections == null && health == null && pgbench == null) return PhaseListener.NONE;
        return new PhaseListener() {
            @Override public void phaseStarted(PhasePlan phase) {
                if (!phase.recorded()) return;
                if (pgbench != null) pgbench.phaseStarted();
                if (health != null) health.markMeasuredStart(wire != null ? wire : pool);
            }

            @Override public void phaseEnded(PhasePlan phase) {
                // the phase's user threads have ended: their held connections go back (a statistics flush borrows them all)
                if (connections != null) connections.releaseAll();
                if (!phase.recorded()) return;
                if (pgbench != null) pgbench.phaseEnded();
                if (health != null) health.markMeasuredEnd(wire != null ? wire : pool);
            }
        };
    }

    @Override public Workload workload() { return workload; }

    @Override public String workloadDescription() { return description; }

    @Override public List<Monitor> monitors() { return monitors; }

    @Override
    public void abort() {
        aborted = true;
        if (pool != null) pool.abort();
        if (wire != null) wire.abortAll();
    }

    @Override public int poolMax() { return pool != null ? pool.max() : wire != null ? wire.size() : 0; }

    @Override public boolean judgePoolUsage() { return judgePool; }

    @Override
    public String errorsByDesign() {
        return PoolSuite.exhaustion(use.scenario().plan().name()) ? "the overload phase exhausts the pool on purpose; judged by "
                + "pool_exhaustion_timeouts, pool_recovered_after_s and pool_leaked_connections" : null;
    }

    @Override
    public ScenarioFindings finish(ScenarioRun run) throws Exception {
        // held connections go back first: what is still out after that, and HikariCP's active count, are leaks
        if (connections != null && !aborted) connections.releaseAll();
        int activeAfter = pool == null || aborted ? 0 : pool.activeConnections();
        LeakReport leaks = checkouts == null || aborted ? null : PoolFindings.leaks(run, checkouts, activeAfter,
                use.thresholds().targetLimits().getOrDefault(PoolChecks.MAX_MEMORY_GROWTH_MB, PoolChecks.DEFAULT_MAX_MEMORY_GROWTH_MB));
        closePool();   // backends exit and flush their statistics before the end snapshot
        PgbenchReport pr = pgbench == null ? null : pgbench.report();
        List<MetricVerdict> verdicts = new ArrayList<>();
        List<Recommendation> recs = new ArrayList<>();
        Map<String, Object> extras = new java.util.LinkedHashMap<>();
        if (workload instanceof AckedWritesWorkload a) {
            ScenarioFindings acked = AckedWritesCheck.findings(a, pg);
            verdicts.addAll(acked.verdicts());
            extras.putAll(acked.extras());
        }
        if (health != null) {
            Workload w = workload != null ? workload : EMPTY;
            HealthReport hr = health.finish(run, w, use.thresholds()::slowMs);
            recs.addAll(HealthAdvisor.advise(hr, run, poolMax()));
            extras.put(HealthReport.KEY, hr);
        }
        if (pr != null) extras.put(PgbenchReport.KEY, pr);
        if (pool != null && PoolSuite.contains(run.plan().name())) {
            KneeFinder.Point point = PoolFindings.sizingPoint(run);
            if (point != null) sweep.add(point);
            Duration idle = pool.idleTimeout();
            PoolFindings.PoolState state = new PoolFindings.PoolState(pool.max(), pool.timeoutMs(), pool.maxLifetime().toMillis() / 1000.0,
                    PgTarget.lifetimeVariance(), idle == null ? null : idle.toMillis() / 1000.0, activeAfter, leaks == null ? 0 : leaks.stillOut().size());
            PoolReport report = PoolFindings.pool(run, state, health == null ? null : health.sessions().history(), sweep,
                    Runtime.getRuntime().availableProcessors());
            extras.put(PoolReport.KEY, report);
            verdicts.addAll(PoolChecks.seedLimits(run));
            verdicts.addAll(PoolChecks.pool(report));
        }
        if (leaks != null) {
            extras.put(LeakReport.KEY, leaks);
            verdicts.addAll(PoolChecks.leaks(leaks));
            recs.addAll(PoolChecks.advice(leaks));
        }
        if (verdicts.isEmpty() && recs.isEmpty() && extras.isEmpty()) return ScenarioFindings.NONE;
        return new ScenarioFindings(verdicts, recs, extras);
    }

    private static final Workload EMPTY = new Workload() {
        @Override public String name() { return "none"; }
        @Override public List<dev.stampede.core.api.Operation> operations() { return List.of(); }
        @Override public int pick(java.util.SplittableRandom random) { return 0; }
    };

    @Override
    public void close() {
        closePool();
    }

    /**
     * Closes the pool. Held connections go back first, unless the pool was already aborted (a stop that had to
     * free threads blocked on a frozen server: returning a connection could wait on it).
     */
    private void closePool() {
        if (wire != null) {
            if (aborted) wire.abortAll();
            else wire.closeAll();
        }
        if (pool == null) return;
        if (connections != null && !aborted) connections.releaseAll();
        pool.close();
    }
}
