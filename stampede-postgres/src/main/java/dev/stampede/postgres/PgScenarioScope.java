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
import dev.stampede.core.target.ScenarioScope;
import dev.stampede.core.target.ScenarioUse;
import dev.stampede.postgres.health.HealthAdvisor;
import dev.stampede.postgres.health.HealthReport;
import dev.stampede.postgres.health.PgHealth;
import dev.stampede.postgres.pgbench.PgbenchReport;
import dev.stampede.postgres.pgbench.PgbenchWindow;

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
    /** The pool was aborted (a stop that had to free threads blocked on the server): held connections are not returned. */
    private volatile boolean aborted;

    private PgScenarioScope(PgTarget.Pool pool, UserConnections connections, Workload workload, String description,
                            PgHealth.Session health, ScenarioUse use, boolean judgePool) {
        this.judgePool = judgePool;
        this.pool = pool;
        this.connections = connections;
        this.workload = workload;
        this.description = description;
        this.health = health;
        this.use = use;
        if (pool != null) monitors.add(pool.monitor());
        if (health != null) monitors.addAll(health.monitors());
    }

    static PgScenarioScope begin(PgTarget pg, DatabaseConfig config, PgHealth health, PreparedWorkload prepared,
                                 ScenarioUse use) throws Exception {
        if (prepared == null) {
            return new PgScenarioScope(null, null, null, null, health == null ? null : health.begin(), use, false);
        }
        PgHealth.Session session = health == null ? null : health.begin();
        PgTarget.Pool pool = pg.pool(use.scenario().users());
        try {
            long warmStart = System.nanoTime();
            pool.warm(Duration.ofSeconds(15));
            double connectMs = (System.nanoTime() - warmStart) / 1e6;
            UserConnections connections = connections(pool, config, use.scenario());
            Workload w = prepared.bind(connections, use.scenario().workload());
            // the pool-usage limit is judged only when the user sized the pool (DB_POOL_SIZE): otherwise it is one per user
            PgScenarioScope scope = new PgScenarioScope(pool, connections, w, prepared.describe(use.scenario().workload())
                    + ", pool of up to " + pool.max() + " connections, " + connections.describe(), session, use, config.poolSize() != null);
            scope.pgbench = PgbenchWindow.of(w, prepared.pgbenchTables(), connectMs);
            return scope;
        } catch (Exception | Error e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Held per user when the pool has a connection for every user, the user did not size it (DB_POOL_SIZE unset) and
     * every phase is a closed model without think time or pace: each user is then always inside an attempt, so a
     * borrow could never wait and the pool's numbers (every connection active) read the same as with a borrow per
     * attempt; a borrow and return per attempt would only cost CPU. Otherwise borrowed per attempt, so that pool waits
     * and idle connections (think time, open-model arrivals) are measured.
     */
    static UserConnections connections(PgTarget.Pool pool, DatabaseConfig config, PlannedScenario scenario) {
        boolean alwaysBusy = scenario.plan().phases().stream().allMatch(p -> p.model() instanceof LoadModel.Closed c
                && c.thinkTime().isZero() && c.pace().isZero() && c.stages() == null);
        if (config.poolSize() == null && pool.max() >= scenario.users() && alwaysBusy) {
            return UserConnections.held(pool.dataSource(), pool.maxLifetime().toNanos());
        }
        return UserConnections.pooled(pool.dataSource());
    }

    @Override
    public PhaseListener phaseListener() {
        if (connections == null && health == null && pgbench == null) return PhaseListener.NONE;
        return new PhaseListener() {
            @Override public void phaseStarted(PhasePlan phase) {
                if (!phase.recorded()) return;
                if (pgbench != null) pgbench.phaseStarted();
                if (health != null) health.markMeasuredStart(pool);
            }

            @Override public void phaseEnded(PhasePlan phase) {
                // the phase's user threads have ended: their held connections go back (a statistics flush borrows them all)
                if (connections != null) connections.releaseAll();
                if (!phase.recorded()) return;
                if (pgbench != null) pgbench.phaseEnded();
                if (health != null) health.markMeasuredEnd(pool);
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
    }

    @Override public int poolMax() { return pool == null ? 0 : pool.max(); }

    @Override public boolean judgePoolUsage() { return judgePool; }

    @Override
    public ScenarioFindings finish(ScenarioRun run) throws Exception {
        closePool();   // backends exit and flush their statistics before the end snapshot
        PgbenchReport pr = pgbench == null ? null : pgbench.report();
        if (health == null) return pr == null ? ScenarioFindings.NONE : new ScenarioFindings(List.of(), List.of(), Map.of(PgbenchReport.KEY, pr));
        Workload w = workload != null ? workload : EMPTY;
        HealthReport hr = health.finish(run, w, use.thresholds()::slowMs);
        List<Recommendation> recs = HealthAdvisor.advise(hr, run, poolMax());
        Map<String, Object> extras = new java.util.LinkedHashMap<>();
        extras.put(HealthReport.KEY, hr);
        if (pr != null) extras.put(PgbenchReport.KEY, pr);
        return new ScenarioFindings(List.of(), recs, extras);
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
        if (pool == null) return;
        if (connections != null && !aborted) connections.releaseAll();
        pool.close();
    }
}
