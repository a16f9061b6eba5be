package dev.stampede.cli;

import dev.stampede.core.config.ConfigBinder;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.config.Durations;
import dev.stampede.core.config.ScenarioCatalog;
import dev.stampede.core.target.TargetRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code stampede run}: turns flags into settings (the top layer of the configuration) and hands
 * them to {@link RunSession}. Precedence: flags &gt; environment &gt; config file &gt; defaults.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run load scenarios against the stack's targets and write JSON, Markdown, HTML, CSV and JUnit XML reports"
                + " (with --baseline, a comparison too).",
                "Without DATABASE_URL (or --database-url / database.url) an embedded PostgreSQL is started and stopped.",
                "Precedence: flags > environment (DATABASE_URL, DB_POOL_SIZE, DB_MAX_OVERFLOW, DB_POOL_RECYCLE, REDIS_URL,"
                        + " REDIS_CACHE_TIMEOUT, CELERY_BROKER_URL, CELERY_RESULT_BACKEND, API_BASE_URL, TEST_TIMEOUT,"
                        + " MAX_WORKERS; seed 003's LOAD_TEST_HOST, LOAD_TEST_USERS, LOAD_TEST_SPAWN_RATE (users / rate = ramp-up),"
                        + " LOAD_TEST_RUN_TIME) > config file > defaults."},
        footer = {"", "Durations: 30s, 5m, 1h, 250ms; a bare number is minutes for --duration (as in the Python suites),"
                + " seconds elsewhere.", "", ExitCodes.HELP})
public final class RunCommand extends NeedsEnvironment implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "A scaled-down baseline: 10 users for about 20 s. The first look.")
    boolean quick;

    @Option(names = "--full", description = "Every preset (baseline, normal, peak, stress, endurance), then every target's suites "
            + "(query-performance, pool, cache, http-levels, celery, migration), not resilience, which restarts the embedded "
            + "servers; 'stampede scenarios' lists the set 'full'. Hours unscaled: see --time-scale.")
    boolean full;

    @Option(names = "--load-test", description = "The load presets: normal, peak, stress.")
    boolean loadTest;

    @Option(names = "--scenarios", arity = "1..*", paramLabel = "NAME",
            description = "Scenarios to run, in order: presets (baseline normal peak stress endurance quick), the sets "
                    + "query-performance (financial, repo-*), pool, resilience (faults on the embedded servers), migration "
                    + "(Redis to PostgreSQL under load, see docs/migration.md), the targets' suites, or the config file's. "
                    + "'stampede scenarios' lists them.")
    List<String> scenarios;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Configuration file, YAML or JSON (see init-config).")
    Path config;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Where reports go (default: stampede-results).")
    Path output;

    @Option(names = "--database-url", paramLabel = "URL",
            description = "postgresql://user:pass@host:5432/db or jdbc:postgresql://...; prefer DATABASE_URL for passwords.")
    String databaseUrl;

    @Option(names = "--duration", paramLabel = "DURATION", description = "Length of each scenario's measured phase, overriding presets.")
    String duration;

    @Option(names = "--connections", paramLabel = "N", description = "Concurrent users (closed model) or most attempts in flight (open model).")
    Integer connections;

    @Option(names = "--qps-target", paramLabel = "RATE",
            description = "Open model: arrivals per second, latency measured from each arrival's intended start. 0 = closed model.")
    Double qpsTarget;

    @Option(names = "--arrival", paramLabel = "KIND", description = "Open-model arrivals: constant or poisson.")
    String arrival;

    @Option(names = "--read-write-ratio", paramLabel = "FRACTION", description = "Share of reads in the game workload, 0 to 1 (default 0.7).")
    Double readWriteRatio;

    @Option(names = "--ramp-up", paramLabel = "DURATION", description = "Start the users evenly over this time.")
    String rampUp;

    @Option(names = "--think-time", paramLabel = "DURATION", description = "Pause between a user's attempts.")
    String thinkTime;

    @Option(names = "--pace", paramLabel = "DURATION",
            description = "Closed model: each user starts an iteration every DURATION (its schedule); latency is measured "
                    + "from the scheduled start, so a slow target shows. Exclusive with --think-time.")
    String pace;

    @Option(names = "--iterations", paramLabel = "N", description = "Stop after N attempts per user (closed) or in all (open).")
    Long iterations;

    @Option(names = "--time-scale", paramLabel = "FACTOR", description = "Multiply every scenario duration (0.1 turns 5m into 30s).")
    Double timeScale;

    @Option(names = "--workload", paramLabel = "TYPE", description = "game (default), select-only, financial, repository, pgbench (scripts), or custom (statements from the config file).")
    String workload;

    @Option(names = "--scale", paramLabel = "N", description = "Data size factor for the workload's loader (default 1).")
    Integer scale;

    @Option(names = "--table", paramLabel = "TABLE", description = "select-only: read this existing pgbench_accounts table instead of loading one.")
    String table;

    @Option(names = "--pgbench-script", paramLabel = "FILE[@W]", description = "Run this pgbench script (a file or a built-in: "
            + "tpcb-like, simple-update, select-only), optionally weighted (repeatable); implies --workload pgbench. See docs/pgbench-scripts.md.")
    List<String> pgbenchScripts;

    @Option(names = "--pool-size", paramLabel = "N", description = "Connection pool base size (default: one per user).")
    Integer poolSize;

    @Option(names = "--schema", paramLabel = "NAME", description = "Stampede's own schema, the only one it writes to (default stampede).")
    String schema;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed, for a reproducible sequence of operations.")
    Long seed;

    @Option(names = "--threads", paramLabel = "MODE",
            description = "auto (default: platform threads up to 256 users, virtual above), platform or virtual.")
    String threads;

    @Option(names = "--no-db-monitors", description = "Do not sample pg_stat_* views (no database health section).")
    boolean noDbMonitors;

    @Option(names = "--allow-connection-exhaustion",
            description = "Run even when the pool would take every free connection slot of the database server.")
    boolean allowConnectionExhaustion;

    @Option(names = "--max-run-time", paramLabel = "DURATION",
            description = "Stop the whole run after this long (default auto: twice the planned load time plus 2 minutes).")
    String maxRunTime;

    @Option(names = "--dashboard", arity = "0..1", fallbackValue = "0", paramLabel = "PORT",
            description = "Serve a live dashboard on 127.0.0.1:PORT (default 0: a free port) while the run lasts: charts, "
                    + "a stop button (as Ctrl-C) and the report link at the end. The URL with its access token is printed.")
    Integer dashboard;

    @Option(names = "--tags", arity = "1..*", split = ",", paramLabel = "TAG",
            description = "HTTP personas: run only the tasks with one of these tags (Locust's --tags; http.tags). An unknown tag is an error.")
    List<String> tags;

    @Option(names = "--exclude-tags", arity = "1..*", split = ",", paramLabel = "TAG",
            description = "HTTP personas: leave out the tasks with any of these tags (Locust's --exclude-tags; http.exclude_tags).")
    List<String> excludeTags;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Any setting by its dotted key, for example --set database.pool_timeout=5s (repeatable).")
    List<String> set;

    @Option(names = "--repeat", paramLabel = "N",
            description = "Run every scenario N times (rounds of all scenarios, reported as NAME#1..NAME#N) so that a comparison with "
                    + "--baseline can test significance; 5 on each side is enough for the exact test (run.repeat).")
    Integer repeat;

    @picocli.CommandLine.Mixin
    CompareOptions compare = new CompareOptions();

    @Option(names = "--baseline-config", paramLabel = "FILE",
            description = "Run the baseline now, interleaved: FILE is the baseline's configuration (layered like --config, with the "
                    + "same environment and flags), its runs alternate with this run's (A B, B A, ...; --repeat N runs each side N "
                    + "times), its reports go to baseline/ under --output, then both are compared. Instead of --baseline "
                    + "(compare.baseline_config).")
    Path baselineConfig;

    @Option(names = "--windows", paramLabel = "K",
            description = "Also split each run's recorded time into K windows (from the per-interval histograms, kept in report.json) "
                    + "and compare windows instead of whole runs: treats them as independent samples, see docs/regression.md "
                    + "(compare.windows).")
    Integer windows;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus/OpenMetrics series at http://127.0.0.1:PORT/metrics while the run lasts (0: a free port) "
                    + "and write them to metrics.prom at the end (run.metrics_port). See docs/metrics.md.")
    Integer metricsPort;

    @Option(names = "--monitor-pid", paramLabel = "PID",
            description = "Also sample this process on the generator's host each second (CPU, RSS, threads, open files), "
                    + "for example a server running beside Stampede.")
    Integer monitorPid;

    @Option(names = "--find-capacity",
            description = "Search each selected scenario's capacity: open-model probes at fixed rates (warm-up discarded), doubling "
                    + "until one fails, then bisecting on a log scale to 5 %% and confirming; reports the highest sustainable "
                    + "rate, the first failing one and why, and the bottleneck (capacity.*; see docs/capacity.md). "
                    + "Needs --p99-target and/or --max-error-rate.")
    boolean findCapacity;

    @Option(names = "--p99-target", paramLabel = "MS", description = "Capacity search: the p99 latency a sustainable rate keeps (capacity.p99_ms).")
    Double p99Target;

    @Option(names = "--max-error-rate", paramLabel = "PCT",
            description = "Capacity search: the error rate, percent, a sustainable rate keeps (capacity.error_rate_percent).")
    Double maxErrorRate;

    @Option(names = "--shard", paramLabel = "I/N",
            description = "Run shard I of N (0..N-1) of the same plan, for a distributed run: users and rates are split between the "
                    + "shards, shard 0 prepares the data and the others wait for it, and a result bundle is written beside the "
                    + "reports for 'stampede merge'. Needs --start-at. See docs/distributed.md.")
    String shard;

    @Option(names = "--start-at", paramLabel = "INSTANT",
            description = "Start the load at this ISO-8601 instant (for example 2026-12-01T10:00:00Z), the same on every shard, so "
                    + "that their phases line up; it must be in the future.")
    String startAt;

    @Option(names = "--print-bundle",
            description = "With --shard/--start-at: print the result bundle at the end of the output as one framed block (a "
                    + "zip in base64 between -----BEGIN/END STAMPEDE BUNDLE----- lines), so that a log alone carries it; "
                    + "'stampede merge' reads such a log as a bundle. For pods and CI jobs without a shared volume.")
    boolean printBundle;

    @Option(names = {"-v", "--verbose"}, description = "Stack traces and library logs on errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        dev.stampede.core.shard.Shard sh = dev.stampede.core.shard.Shard.parse(shard, startAt, java.time.Instant.now());
        RunSession session = new RunSession(spec.commandLine().getOut(), TargetRegistry.discover());
        RunSession.Options regression = new RunSession.Options(compare.thresholds, monitorPid, sh, printBundle);
        return session.run(config, settings(), env, regression);
    }

    /** The flags as configuration settings; only flags that were given. */
    List<ConfigBinder.Setting> settings() {
        int modes = (quick ? 1 : 0) + (full ? 1 : 0) + (loadTest ? 1 : 0) + (scenarios != null ? 1 : 0);
        if (modes > 1) {
            throw new ConfigException("choose one of --quick, --full, --load-test and --scenarios");
        }
        List<ConfigBinder.Setting> s = new ArrayList<>();
        if (quick) s.add(new ConfigBinder.Setting("run.scenarios", List.of(ScenarioCatalog.QUICK), "--quick"));
        if (full) s.add(new ConfigBinder.Setting("run.scenarios", List.of(ScenarioCatalog.FULL), "--full"));
        if (loadTest) s.add(new ConfigBinder.Setting("run.scenarios", List.of(ScenarioCatalog.LOAD_TEST), "--load-test"));
        if (scenarios != null) s.add(new ConfigBinder.Setting("run.scenarios", scenarios, "--scenarios"));
        add(s, "run.output_dir", output == null ? null : output.toString(), "--output");
        add(s, "database.url", databaseUrl, "--database-url");
        if (duration != null) {
            java.time.Duration d;
            try {
                d = Durations.parse(duration, 60);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--duration: " + e.getMessage());
            }
            if (d.isZero()) throw new ConfigException("--duration must be positive, got '" + duration + "'");
            // a bare number is minutes here but seconds in the config tree: pass the exact, unit-bearing form
            add(s, "load.duration", Durations.format(d), "--duration");
        }
        add(s, "load.connections", connections, "--connections");
        add(s, "load.qps_target", qpsTarget, "--qps-target");
        add(s, "load.arrival", arrival, "--arrival");
        add(s, "load.read_write_ratio", readWriteRatio, "--read-write-ratio");
        add(s, "load.ramp_up", rampUp, "--ramp-up");
        add(s, "load.think_time", thinkTime, "--think-time");
        add(s, "load.pace", pace, "--pace");
        add(s, "load.iterations", iterations, "--iterations");
        add(s, "run.time_scale", timeScale, "--time-scale");
        add(s, "run.seed", seed, "--seed");
        add(s, "workload.type", workload, "--workload");
        add(s, "workload.scale", scale, "--scale");
        add(s, "workload.table", table, "--table");
        if (pgbenchScripts != null && !pgbenchScripts.isEmpty()) {
            s.add(new ConfigBinder.Setting("workload.scripts", pgbenchScripts, "--pgbench-script"));
            if (workload == null) s.add(new ConfigBinder.Setting("workload.type", "pgbench", "--pgbench-script"));
        }
        add(s, "database.pool_size", poolSize, "--pool-size");
        add(s, "database.schema", schema, "--schema");
        add(s, "run.threads", threads, "--threads");
        if (noDbMonitors) s.add(new ConfigBinder.Setting("database.monitors", false, "--no-db-monitors"));
        if (allowConnectionExhaustion) {
            s.add(new ConfigBinder.Setting("database.allow_connection_exhaustion", true, "--allow-connection-exhaustion"));
        }
        add(s, "run.max_run_time", maxRunTime, "--max-run-time");
        if (tags != null) s.add(new ConfigBinder.Setting("http.tags", tags, "--tags"));
        if (excludeTags != null) s.add(new ConfigBinder.Setting("http.exclude_tags", excludeTags, "--exclude-tags"));
        if (findCapacity) s.add(new ConfigBinder.Setting("capacity.enabled", true, "--find-capacity"));
        add(s, "capacity.p99_ms", p99Target, "--p99-target");
        add(s, "capacity.error_rate_percent", maxErrorRate, "--max-error-rate");
        add(s, "run.dashboard", dashboard, "--dashboard");
        add(s, "run.repeat", repeat, "--repeat");
        add(s, "run.metrics_port", metricsPort, "--metrics-port");
        add(s, "compare.baseline", compare.baseline, "--baseline");
        add(s, "compare.baseline_dir", compare.baselineDir == null ? null : compare.baselineDir.toString(), "--baseline-dir");
        add(s, "compare.baseline_config", baselineConfig == null ? null : baselineConfig.toString(), "--baseline-config");
        add(s, "compare.alpha", compare.alpha, "--alpha");
        add(s, "compare.windows", windows, "--windows");
        if (set != null) {
            for (String kv : set) {
                int eq = kv.indexOf('=');
                if (eq <= 0) throw new ConfigException("--set takes KEY=VALUE (for example --set redis.url=redis://localhost:6379), got '"
                        + dev.stampede.core.util.Secrets.redact(kv) + "'");
                s.add(new ConfigBinder.Setting(kv.substring(0, eq).trim(), kv.substring(eq + 1), "--set " + kv.substring(0, eq).trim()));
            }
        }
        return s;
    }

    private static void add(List<ConfigBinder.Setting> s, String path, Object value, String flag) {
        if (value != null) s.add(new ConfigBinder.Setting(path, value, flag));
    }
}
