package dev.stampede.migration;

import dev.stampede.core.api.Monitor;
import dev.stampede.core.api.Workload;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.config.WorkloadConfig;
import dev.stampede.core.engine.NanoClock;
import dev.stampede.core.engine.PhaseListener;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.fault.AckedWrites;
import dev.stampede.core.fault.WriteLedger;
import dev.stampede.core.metrics.IntervalRow;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.core.target.ScenarioFindings;
import dev.stampede.core.target.ScenarioScope;
import dev.stampede.core.target.ScenarioUse;
import dev.stampede.core.target.SqlDatabase;
import dev.stampede.core.target.Target;
import dev.stampede.core.verdict.MetricVerdict;
import dev.stampede.core.verdict.Status;
import dev.stampede.redis.RedisAccess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The migration scenario's part in one run: the game store on both targets (Redis through {@link RedisAccess}, PostgreSQL
 * through {@link SqlDatabase}), the router, the users' workload and the driver that walks the phases from the start of
 * the recorded phase; at the end, the consistency proof, the acknowledged-writes check and the per-phase impact.
 * Session thread only, except {@link #abort()}.
 */
final class MigrationScope implements ScenarioScope {
    private final MigrationConfig config;
    private final SqlDatabase.Pool pool;
    private final RedisGameStore redis;
    private final PgGameStore postgres;
    private final StoreRouter router;
    private final GameUsers users;
    private final MigrationDriver driver;
    private final List<MigrationPhase> phases;
    private final List<Monitor> monitors = new ArrayList<>();
    private volatile boolean started;
    private final int poolSize;

    private MigrationScope(MigrationConfig config, SqlDatabase.Pool pool, RedisGameStore redis, PgGameStore postgres, StoreRouter router,
                           GameUsers users, MigrationDriver driver, int poolSize) {
        this.config = config;
        this.poolSize = poolSize;
        this.pool = pool;
        this.redis = redis;
        this.postgres = postgres;
        this.router = router;
        this.users = users;
        this.driver = driver;
        this.phases = config.phases();
        monitors.add(pool.monitor());
    }

    static MigrationScope begin(MigrationConfig config, ScenarioUse use) throws Exception {
        Target pg = use.targets().get("postgres"), rt = use.targets().get("redis");
        SqlDatabase db = pg == null ? null : pg.capability(SqlDatabase.class).orElse(null);
        RedisAccess ra = rt == null ? null : rt.capability(RedisAccess.class).orElse(null);
        if (db == null || ra == null) {
            throw new ConfigException("the migration scenario moves a store from Redis to PostgreSQL and needs both targets; "
                    + "add stampede-postgres and stampede-redis to the class path");
        }
        if (ra.connector().cluster()) {
            throw new ConfigException("the migration scenario's Redis store runs Lua scripts on one key at a time and supports a "
                    + "standalone or Sentinel Redis; unset redis.topology: cluster for this scenario");
        }
        WorkloadConfig wc = use.scenario().workload();
        String schema = db.schema(); // PgGameStore.setup creates it and its own tables
        int poolSize = use.scenario().users() + 2;
        SqlDatabase.Pool pool = db.pool(poolSize);
        RedisGameStore redis = null;
        try {
            PgGameStore postgres = new PgGameStore(pool.dataSource(), schema);
            postgres.setup();
            redis = new RedisGameStore(ra.connector(), ra.keyPrefix(), config.redisConnections());
            redis.clear();
            StoreRouter router = new StoreRouter(redis, postgres, NanoClock.SYSTEM, config.dropEvery());
            List<String> slots = new ArrayList<>();
            for (MigrationPhase p : config.phases()) {
                slots.add(p.name());
                for (String m : p.marks()) slots.add(p.markSlot(m));
            }
            GameUsers users = new GameUsers(router, new MigrationErrors(db::failure), slots, config.players(), config.games(), wc.readWriteRatio());
            users.seed(redis);
            Backfill backfill = new Backfill(router, redis, NanoClock.SYSTEM, config.backfillRowsPerSec(), config.backfillBatch(), config.skipEvery());
            MigrationDriver driver = new MigrationDriver(config.phases(), planned(config.phases(), use), router, users, backfill,
                    NanoClock.SYSTEM, slots);
            return new MigrationScope(config, pool, redis, postgres, router, users, driver, poolSize);
        } catch (Exception | Error e) {
            if (redis != null) redis.close();
            pool.close();
            throw e;
        }
    }

    /** Each phase's length: its configured duration, scaled so that all of them fill the scenario's recorded phases. */
    static List<Long> planned(List<MigrationPhase> phases, ScenarioUse use) {
        long total = 0;
        for (PhasePlan p : use.scenario().plan().phases()) if (p.recorded() && p.duration() != null) total += p.duration().toNanos();
        return scaled(phases, total);
    }

    static List<Long> scaled(List<MigrationPhase> phases, long totalNanos) {
        long sum = 0;
        for (MigrationPhase p : phases) sum += p.duration().toNanos();
        List<Long> out = new ArrayList<>();
        double factor = totalNanos > 0 ? (double) totalNanos / sum : 1.0;
        for (MigrationPhase p : phases) out.add((long) (p.duration().toNanos() * factor));
        return out;
    }

    @Override public Workload workload() { return users; }

    @Override
    public String workloadDescription() {
        List<String> names = new ArrayList<>();
        for (MigrationPhase p : phases) names.add(p.name());
        return String.format(Locale.ROOT, "migration of seed 001's game store from Redis to PostgreSQL (%d players, %d games; phases %s; "
                + "backfill %.0f rows/s)", config.players(), config.games(), String.join(" -> ", names), config.backfillRowsPerSec());
    }

    @Override public List<Monitor> monitors() { return monitors; }

    /** The PostgreSQL pool's size: one connection per user, and two for the backfill and the verify. */
    @Override public int poolMax() { return poolSize; }

    @Override
    public PhaseListener phaseListener() {
        return new PhaseListener() {
            @Override public void scenarioStarted(long startNanos) { driver.zero(startNanos); }

            @Override
            public void phaseStarted(PhasePlan phase) {
                if (!phase.recorded() || started) return;
                started = true;
                driver.start();
            }

            @Override
            public void phaseEnded(PhasePlan phase) {
                if (!phase.recorded()) return;
                try {
                    driver.stopAndJoin();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    @Override
    public void abort() {
        pool.abort();
    }

    @Override
    public ScenarioFindings finish(ScenarioRun run) throws Exception {
        driver.stopAndJoin();
        List<MetricVerdict> verdicts = new ArrayList<>();
        String stopped = driver.failure();
        Verifier.Consistency end = null;
        WriteLedger.Check acked = null;
        String endFailure = null;
        try {
            end = Verifier.compare(router, lastSwitchWasRollback() ? "after rollback" : "at the end", 0);
            GameStore primary = router.primary(router.mode());
            WriteLedger ledger = users.ledger();
            Exception[] failure = {null};
            acked = ledger.check(sink -> {
                try {
                    primary.forEach(r -> {
                        if (r.kind() == Kind.SESSION || r.kind() == Kind.EVENT) sink.accept(Long.parseLong(r.id().substring(1)));
                    });
                } catch (Exception e) {
                    failure[0] = e;
                }
            });
            if (failure[0] != null) throw failure[0];
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            endFailure = MigrationErrors.describe(e);
        }
        List<PhaseImpact> impact = impact(run, driver.timeline().phases());
        Map<String, Object> extras = new LinkedHashMap<>();
        MigrationReport report = new MigrationReport(driver.timeline().phases(), driver.timeline().marks(), impact, driver.backfillResult(),
                router.divergence().snapshot(), router.shadow().snapshot(), switches(run), driver.afterVerify(), end,
                router.primary(router.mode()).name(), acked, driver.commands(), users.actionCounts(),
                stopped != null ? stopped : endFailure != null ? "the final check: " + endFailure : null);
        extras.put(MigrationReport.KEY, report);
        verdicts.addAll(verdicts(report, endFailure));
        return new ScenarioFindings(verdicts, MigrationAdvice.advise(report, config), extras);
    }

    /**
     * The target stopped answering: the timeline so far (the phase in progress marked as the one it stopped in), each
     * phase's impact, the switches, divergence, shadow reads, backfill and the verify if it ran, all from the client
     * side. No consistency proof at the end and no ledger check: they would have to read the stores.
     */
    @Override
    public ScenarioFindings partialFindings(ScenarioRun run) {
        try {
            driver.stopAndJoin(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String inPhase = driver.current();
        List<Timeline.Phase> phases = driver.phasesSoFar("stopped: " + run.stopReason().description());
        String why = driver.failure() != null ? driver.failure() + "; then the scenario stopped: " + run.stopReason().description()
                : (inPhase != null ? "phase '" + inPhase + "'" : "after the last phase") + ": " + run.stopReason().description()
                + "; the router was in mode " + router.mode();
        MigrationReport report = new MigrationReport(phases, driver.timeline().marks(), impact(run, phases), driver.backfillResult(),
                router.divergence().snapshot(), router.shadow().snapshot(), switches(run), driver.afterVerify(), null,
                router.primary(router.mode()).name(), null, driver.commands(), users.actionCounts(), why);
        List<MetricVerdict> verdicts = new ArrayList<>(verdicts(report, null));
        return new ScenarioFindings(verdicts, MigrationAdvice.advise(report, config), Map.of(MigrationReport.KEY, report));
    }

    private boolean lastSwitchWasRollback() {
        List<MigrationDriver.SwitchAt> s = driver.switches();
        return !s.isEmpty() && s.getLast().change().from() == StoreMode.POSTGRES;
    }

    private List<PhaseImpact> impact(ScenarioRun run, List<Timeline.Phase> phases) {
        Map<String, OperationSummary> ops = new HashMap<>();
        for (OperationSummary o : run.metrics().operations()) ops.put(o.name(), o);
        List<PhaseImpact> out = new ArrayList<>();
        PhaseImpact base = null;
        List<Timeline.Mark> marks = driver.timeline().marks();
        for (Timeline.Phase p : phases) {
            if (p.startS() == null) continue;
            PhaseImpact i = PhaseImpact.of(p.name(), ops.get(p.name()), p.endS() - p.startS(), base, config.maxP95DegradationPct(),
                    config.maxErrorRateIncreasePp(), config.degradationStatus());
            out.add(i);
            if (base == null) base = i;
            // a command phase's declared marks: from the mark to the next mark or the phase's end
            List<Timeline.Mark> mine = marks.stream().filter(m -> m.phase().equals(p.name()) && m.declared()).toList();
            for (int k = 0; k < mine.size(); k++) {
                Timeline.Mark m = mine.get(k);
                double until = k + 1 < mine.size() ? mine.get(k + 1).atS() : p.endS();
                String slot = p.name() + "/" + m.name();
                out.add(PhaseImpact.of(slot, ops.get(slot), until - m.atS(), base, config.maxP95DegradationPct(),
                        config.maxErrorRateIncreasePp(), config.degradationStatus()));
            }
        }
        return out;
    }

    private List<Map<String, Object>> switches(ScenarioRun run) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (MigrationDriver.SwitchAt at : driver.switches()) {
            StoreRouter.Switch s = at.change();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("phase", at.phase());
            m.put("at_s", Math.round(at.atS() * 100) / 100.0);
            m.put("from", s.from().name().toLowerCase(Locale.ROOT));
            m.put("to", s.to().name().toLowerCase(Locale.ROOT));
            m.put("wait_ms", Math.round(s.waitNanos() / 1e4) / 100.0);
            m.put("held_ms", Math.round(s.holdNanos() / 1e4) / 100.0);
            m.put("carried", s.carried());
            m.put("errors_after", errorWindow(run, at.phase()));
            out.add(m);
        }
        return out;
    }

    /** The seconds of {@code phase} in which its attempts failed: "none", or the window from the first to the last. */
    private static String errorWindow(ScenarioRun run, String phase) {
        Double first = null, last = null;
        long errors = 0;
        for (IntervalRow r : run.metrics().series()) {
            if (!r.operation().equals(phase) || r.failed() + r.unknown() == 0) continue;
            errors += r.failed() + r.unknown();
            if (first == null) first = r.second();
            last = r.second();
        }
        return first == null ? "none" : String.format(Locale.ROOT, "%d errors between %.0f s and %.0f s (%.0f s)", errors, first - 1, last, last - first + 1);
    }

    private static List<MetricVerdict> verdicts(MigrationReport r, String endFailure) {
        List<MetricVerdict> out = new ArrayList<>();
        if (r.stoppedIn() != null) {
            out.add(new MetricVerdict("migration_completed", "Migration ran all its phases", 0, "", null, "", Status.FAILED, null,
                    "stopped: " + r.stoppedIn()));
        }
        WriteLedger.Check c = r.ackedWrites();
        if (c != null) out.addAll(AckedWrites.verdicts(c, r.finalPrimary() + ", the primary at the end"));
        else if (endFailure != null) out.add(AckedWrites.unreadable("the final primary could not be read back: " + endFailure));
        for (Verifier.Consistency k : new Verifier.Consistency[]{r.afterVerify(), r.afterRollback()}) {
            if (k == null) continue;
            long bad = k.missing() + k.extra() + k.mismatched();
            String id = "migration_differences_" + k.when().replace(' ', '_');
            out.add(new MetricVerdict(id, "Records differing between the stores " + k.when(), bad, "records", 0.0, "<=",
                    bad == 0 ? Status.PASSED : Status.FAILED, null, bad == 0 ? "all " + k.compared() + " records of " + k.reference() + " agree"
                    : String.format(Locale.ROOT, "%d missing, %d extra, %d mismatched against %s; for example %s", k.missing(), k.extra(),
                    k.mismatched(), k.reference(), !k.missingSample().isEmpty() ? k.missingSample() : !k.mismatchedSample().isEmpty()
                            ? k.mismatchedSample() : k.extraSample())));
        }
        Backfill.Result b = r.backfill();
        if (b != null) {
            out.add(new MetricVerdict("migration_backfill_rate", "Backfill rate", b.rowsPerSec(), "rows/s", null, ">=",
                    b.complete() ? Status.PASSED : Status.WARNING, null, b.complete()
                    ? String.format(Locale.ROOT, "%d rows copied in %.2f s", b.rows(), b.seconds())
                    : String.format(Locale.ROOT, "only %d rows copied before the backfill phase ended; raise migration.backfill_rate or the phase's duration", b.rows())));
        }
        Divergence.Snapshot d = r.dualWrite();
        if (d.writes() > 0) {
            out.add(new MetricVerdict("migration_dual_write_divergence", "Dual-write divergence", d.writes(), "writes", 0.0, "<=", Status.WARNING,
                    null, String.format(Locale.ROOT, "%d writes reached the primary but not the other store (keys %s; %s)", d.writes(), d.sample(),
                    d.reasons().keySet())));
        }
        for (PhaseImpact i : r.impact()) {
            if (i.p95ChangePct() == null) continue;
            out.add(new MetricVerdict("migration_p95_degradation_" + i.phase().replaceAll("[^a-z0-9]+", "_"), "p95 degradation in phase " + i.phase(),
                    i.p95ChangePct(), "%", null, "<=", i.status(), null, i.reason()));
        }
        r.commands().forEach((name, cmd) -> {
            boolean ok = cmd.error() == null && !cmd.timedOut() && cmd.exitCode() != null && cmd.exitCode() == 0;
            out.add(new MetricVerdict("migration_command_" + name.replaceAll("[^a-z0-9]+", "_"), "Command phase " + name,
                    cmd.exitCode() == null ? Double.NaN : cmd.exitCode(), "exit code", 0.0, "<=", ok ? Status.PASSED : Status.FAILED, null,
                    ok ? "exit code 0" : cmd.error() != null ? cmd.error() : cmd.timedOut() ? "killed at its timeout" : "exit code " + cmd.exitCode()));
        });
        return out;
    }

    @Override
    public void close() {
        try {
            driver.stopAndJoin();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        redis.close();
        postgres.close();
        pool.close();
    }
}
