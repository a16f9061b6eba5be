package dev.stampede.redis;

import dev.stampede.core.advisor.Recommendation;
import dev.stampede.core.api.Monitor;
import dev.stampede.core.api.Workload;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.config.WorkloadConfig;
import dev.stampede.core.engine.PhaseListener;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.core.target.ScenarioFindings;
import dev.stampede.core.target.ScenarioScope;
import dev.stampede.core.target.ScenarioUse;
import dev.stampede.core.target.SqlDatabase;
import dev.stampede.core.target.Target;
import dev.stampede.core.verdict.MetricVerdict;
import dev.stampede.core.verdict.Status;
import dev.stampede.redis.health.RedisAdvisor;
import dev.stampede.redis.health.RedisMonitor;
import dev.stampede.redis.health.RedisReport;
import dev.stampede.redis.health.RedisWindow;
import dev.stampede.redis.health.ServerView;
import dev.stampede.redis.workload.CacheAsideWorkload;
import dev.stampede.redis.workload.CacheSource;
import dev.stampede.redis.workload.CommandCounter;
import dev.stampede.redis.workload.Connections;
import dev.stampede.redis.workload.RawCommandsWorkload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Redis's part in one scenario. When it drives the load: the scenario's Lettuce connections and its workload (raw
 * commands or cache-aside with a PostgreSQL pool from the database target). Always (monitoring on): the INFO monitor
 * and the window snapshots that become the Redis section. Session thread only, except {@link #abort()}.
 */
final class RedisScenarioScope implements ScenarioScope {
    private final RedisTarget target;
    private final ScenarioUse use;
    private final RedisConfig config;
    private final Connections connections;
    private final SqlDatabase.Pool dbPool;
    private final Workload workload;
    private final String description;
    private final CacheAsideWorkload cache;
    private final CommandCounter counter;
    private final RedisWindow window;
    private final List<Monitor> monitors = new ArrayList<>();
    private final boolean maxmemorySet;

    private RedisScenarioScope(RedisTarget target, ScenarioUse use, RedisConfig config, Connections connections, SqlDatabase.Pool dbPool,
                               Workload workload, String description, CacheAsideWorkload cache, boolean maxmemorySet,
                               CommandCounter counter) {
        this.target = target;
        this.counter = counter;
        this.use = use;
        this.config = config;
        this.connections = connections;
        this.dbPool = dbPool;
        this.workload = workload;
        this.description = description;
        this.cache = cache;
        this.maxmemorySet = maxmemorySet;
        ServerView view = target.view();
        this.window = view == null ? null : new RedisWindow(view, target.database(), target.embedded());
        if (view != null) monitors.add(new RedisMonitor(view));
        if (dbPool != null) monitors.add(dbPool.monitor());
    }

    static RedisScenarioScope begin(RedisTarget target, ScenarioUse use) throws Exception {
        if (!use.drivesLoad()) return new RedisScenarioScope(target, use, target.config(), null, null, null, null, null, false,
                new CommandCounter());
        String name = use.scenario().plan().name();
        CacheSuite.Tuning tuning = CacheSuite.tuning(name);
        RedisConfig base = target.config();
        WorkloadConfig wc = use.scenario().workload();
        Map<String, Double> weights = weights(base.commands(), wc.operations(), name);
        RedisConfig c = base.with(tuning.valueSize() > 0 ? tuning.valueSize() : base.valueSize(),
                tuning.keySpace() > 0 ? tuning.keySpace() : base.keySpace(), weights, base.pipeline());
        if (tuning.freshKeys()) target.cleanOwnKeys();
        boolean maxmemory = false;
        if (tuning.maxmemoryBytes() > 0) {
            if (target.embedded()) {
                target.setEmbeddedMaxmemory(tuning.maxmemoryBytes());
                maxmemory = true;
            } else {
                target.context().note("scenario '" + name + "': evictions are provoked only on the embedded Redis (a small maxmemory there); "
                        + "on " + target.url().redacted() + " the server's settings are read, never changed, so this scenario only writes");
            }
        }
        int users = use.scenario().users();
        CommandCounter counter = new CommandCounter();
        Connections conns = new Connections(target.connector().connect(c.connectionsFor(users)));
        try {
            if (!wc.type().equals(RedisTargetProvider.CACHE_ASIDE)) {
                RawCommandsWorkload w = new RawCommandsWorkload(c, weights, conns, counter, use.scenario().plan().peakConcurrency());
                return new RedisScenarioScope(target, use, c, conns, null, w, w.describe(c), null, maxmemory, counter);
            }
            Target pg = use.targets().get("postgres");
            SqlDatabase db = pg == null ? null : pg.capability(SqlDatabase.class).orElse(null);
            if (db == null) {
                throw new ConfigException("workload 'cache-aside' needs the PostgreSQL target for the data behind the cache, and none is "
                        + "open; add stampede-postgres to the class path");
            }
            CacheSource source = CacheSource.of(c.source());
            WorkloadConfig data = new WorkloadConfig(source.workload(), wc.scale(), wc.readWriteRatio(), wc.maxTries(), null, List.of(), List.of());
            String schema = db.prepareData(data);
            SqlDatabase.Pool pool = db.pool(users);
            try {
                // both sources have 1000 entities per unit of scale (game players p1..pN, financial users 1..N)
                CacheAsideWorkload w = new CacheAsideWorkload(c, conns, pool.dataSource(), source, schema, 1000 * wc.scale(),
                        wc.readWriteRatio(), counter);
                target.cleanPrefix(CacheAsideWorkload.cachePrefix(c.keyPrefix(), source));
                if (c.warmStart()) {
                    long n = w.prepopulate();
                    target.context().out().println("Warmed the cache with " + n + " entries.");
                }
                return new RedisScenarioScope(target, use, c, conns, pool, w, w.describe(c), w, maxmemory, counter);
            } catch (Exception | Error e) {
                pool.close();
                throw e;
            }
        } catch (Exception | Error e) {
            conns.close();
            throw e;
        }
    }

    /** The command weights for a scenario: the configured mix, restricted to the scenario's operations when it names some. */
    static Map<String, Double> weights(Map<String, Double> configured, List<String> only, String scenario) {
        if (only.isEmpty()) return configured;
        Map<String, Double> out = new LinkedHashMap<>();
        for (String op : only) {
            String cmd = op.toUpperCase(Locale.ROOT);
            if (!RawCommandsWorkload.COMMANDS.contains(cmd)) {
                throw new ConfigException("scenario '" + scenario + "' names operation '" + op + "', which the redis workload does not have; "
                        + "known: " + String.join(", ", RawCommandsWorkload.COMMANDS));
            }
            out.put(cmd, configured.getOrDefault(cmd, 1.0) > 0 ? configured.getOrDefault(cmd, 1.0) : 1.0);
        }
        return out;
    }

    @Override public Workload workload() { return workload; }

    @Override public String workloadDescription() { return description; }

    @Override public List<Monitor> monitors() { return monitors; }

    @Override public int poolMax() { return connections == null ? 0 : connections.size(); }

    @Override
    public PhaseListener phaseListener() {
        return new PhaseListener() {
            @Override
            public void phaseStarted(PhasePlan phase) {
                if (!phase.recorded()) return;
                if (window != null) window.markStart();
                counter.start();
                if (cache != null) cache.recording(true);
            }

            @Override
            public void phaseEnded(PhasePlan phase) {
                if (!phase.recorded()) return;
                counter.stop();
                if (cache != null) cache.recording(false);
                if (window != null) window.markEnd();
            }
        };
    }

    @Override
    public void abort() {
        if (connections != null) connections.close();
        if (dbPool != null) dbPool.abort();
    }

    @Override
    public ScenarioFindings finish(ScenarioRun run) {
        if (window == null) return ScenarioFindings.NONE;
        if (!window.complete()) {
            if (window.failure() != null) target.context().note("scenario '" + run.plan().name() + "': no Redis section, Redis did not answer "
                    + "the window's snapshot: " + window.failure());
            return ScenarioFindings.NONE;
        }
        ServerView view = target.view();
        Map<String, Long> sizes = Map.of();
        try {
            List<String> sample = dev.stampede.redis.KeyCleaner.sample(view.commands(), config.keyPrefix(), 20);
            view.countSent(1);
            sizes = view.memoryUsage(sample);
        } catch (RuntimeException e) {
            target.context().note("MEMORY USAGE sampling failed: " + dev.stampede.core.util.Secrets.redact(e.getMessage()));
        }
        String what = description != null ? description : "none (another target's workload; Redis monitored only)";
        RedisReport r = window.report(run, target.serverLine(), what, counter.sent(), cache, sizes);
        List<MetricVerdict> verdicts = new ArrayList<>(RedisAdvisor.verdicts(r, use.thresholds(), !maxmemorySet));
        String name = run.plan().name();
        if (name.equals(CacheSuite.MEMORY) && r.bytesPerKey() != null) {
            verdicts.add(new MetricVerdict("redis_bytes_per_key", "Memory growth per key", r.bytesPerKey(), "bytes", null, "<=", Status.PASSED,
                    null, String.format(Locale.ROOT, "%+d bytes of used_memory for %+d keys of %d-byte values", r.usedMemoryDeltaBytes(),
                    r.keysDelta(), config.valueSize())));
        }
        if (name.equals(CacheSuite.EVICTION) && maxmemorySet) {
            verdicts.add(new MetricVerdict("redis_evictions", "Evictions under a small maxmemory", r.evictedKeys(), "keys", 1.0, ">=",
                    r.evictedKeys() > 0 ? Status.PASSED : Status.WARNING, null, r.evictedKeys() > 0
                    ? String.format(Locale.ROOT, "allkeys-lru evicted %d keys and used memory stayed at %.1f %% of maxmemory", r.evictedKeys(),
                    r.memoryUsagePercent() == null ? 0 : r.memoryUsagePercent())
                    : "no key was evicted: the writes did not exceed maxmemory in this window"));
        }
        long writes = 0;
        for (OperationSummary o : run.metrics().operations()) if (o.name().equals(CacheAsideWorkload.WRITE)) writes = o.ok();
        List<Recommendation> recs = RedisAdvisor.advise(r, use.thresholds(), writes, config.cacheTimeout().toSeconds(), run.measuredSeconds());
        return new ScenarioFindings(verdicts, recs, Map.of(RedisReport.KEY, r));
    }

    @Override
    public void close() {
        if (workload instanceof AutoCloseable w) {
            try {
                w.close();
            } catch (Exception ignored) {
                // the workload's own threads only (the timeout sweeper); nothing to report
            }
        }
        if (connections != null) connections.close();
        if (dbPool != null) dbPool.close();
        if (maxmemorySet) {
            try {
                target.setEmbeddedMaxmemory(0);
            } catch (RuntimeException gone) {
                // the embedded server is stopping with the run; its settings go with it
            }
        }
    }
}
