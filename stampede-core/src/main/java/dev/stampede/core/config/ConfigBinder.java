package dev.stampede.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stampede.core.engine.ArrivalProcess;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link RunConfig} from layers: defaults &lt; config file &lt; environment &lt; flags. The CLI
 * and programmatic callers use the same path, so a setting means the same thing everywhere. Bad
 * values are rejected with a {@link ConfigException} naming the setting, its value and its source;
 * nothing is silently reset to a default.
 */
public final class ConfigBinder {

    /** One value set by a flag or by code, at a canonical dotted path. */
    public record Setting(String path, Object value, String origin) {
    }

    /** Environment variables users know from seed 000, and the setting each one feeds. */
    public static final Map<String, String> ENVIRONMENT = new LinkedHashMap<>();

    static {
        ENVIRONMENT.put("DATABASE_URL", "database.url");
        ENVIRONMENT.put("DB_POOL_SIZE", "database.pool_size");
        ENVIRONMENT.put("DB_MAX_OVERFLOW", "database.max_overflow");
        ENVIRONMENT.put("DB_POOL_RECYCLE", "database.pool_recycle");
        ENVIRONMENT.put("TEST_TIMEOUT", "run.test_timeout");
        ENVIRONMENT.put("MAX_WORKERS", "run.max_workers");
    }

    /** The workload types a run or a scenario may name. */
    public static final List<String> WORKLOAD_TYPES = List.of("game", "select-only", "custom", "financial", "repository");

    private ConfigBinder() {
    }

    /** Merges the layers into one tree; notes about ignored seed keys go to {@code notes}. */
    public static ConfigTree layer(Path file, Map<String, String> env, List<Setting> flags, List<String> notes) {
        ConfigTree tree;
        if (file != null) {
            ObjectNode root = ConfigFiles.read(file);
            notes.addAll(SeedCompat.normalize(root));
            tree = new ConfigTree(root);
            tree.markOrigins("", root, "config file " + file);
        } else {
            tree = new ConfigTree();
        }
        ENVIRONMENT.forEach((name, path) -> {
            String v = env.get(name);
            if (v != null && !v.isBlank()) tree.set(path, v.trim(), "environment " + name);
        });
        for (Setting s : flags) {
            if (s.value() != null) tree.set(s.path(), s.value(), s.origin());
        }
        return tree;
    }

    /** Layers and binds in one step, for commands that need the configuration but not its origins. */
    public static RunConfig load(Path file, Map<String, String> env, List<Setting> flags) {
        List<String> notes = new ArrayList<>();
        return bind(layer(file, env, flags, notes), notes);
    }

    /** Binds and validates the merged tree. */
    public static RunConfig bind(ConfigTree tree, List<String> notes) {
        TreeReader root = new TreeReader(tree.root(), "", tree);
        root.allowOnly(Set.of("database", "workload", "load", "scenarios", "run", "thresholds", "rating_bands"));

        DatabaseConfig database = database(root.child("database"));
        WorkloadConfig workload = workload(root.child("workload"));
        RunConfig.LoadOverrides overrides = overrides(root.child("load"));

        Map<String, ScenarioSpec> scenarios = new LinkedHashMap<>(ScenarioCatalog.presets());
        TreeReader sc = root.child("scenarios");
        sc.raw().fieldNames().forEachRemaining(name -> scenarios.put(name, scenario(name, sc.child(name), scenarios.get(name))));

        TreeReader run = root.child("run");
        run.allowOnly(Set.of("scenarios", "time_scale", "output_dir", "test_timeout", "max_workers", "seed", "threads", "db_monitors"));
        List<String> selected = new ArrayList<>();
        for (String name : run.strings("scenarios")) selected.addAll(ScenarioCatalog.SETS.getOrDefault(name, List.of(name)));
        if (selected.isEmpty()) selected = List.of("baseline");
        for (String s : selected) {
            if (!scenarios.containsKey(s)) {
                String hint = TreeReader.closest(s, scenarios.keySet());
                throw new ConfigException("unknown scenario '" + s + "' (from " + tree.origin("run.scenarios") + ")"
                        + (hint != null ? "; did you mean '" + hint + "'?" : "")
                        + " Known scenarios: " + String.join(", ", scenarios.keySet()) + ", and the set query-performance");
            }
        }
        double timeScale = run.number("time_scale", 1.0, 0.0001, 1000);
        Path output = Path.of(run.string("output_dir", "stampede-results"));
        Duration testTimeout = run.duration("test_timeout", null, 1, false);
        Integer maxWorkers = run.integer("max_workers", null, 1, 100_000);
        long seed = run.longValue("seed", System.nanoTime() & 0xffffffffL, 0);
        dev.stampede.core.engine.ThreadMode threads = run.enumValue("threads", dev.stampede.core.engine.ThreadMode.class,
                dev.stampede.core.engine.ThreadMode.AUTO);

        Thresholds thresholds = thresholds(root.child("thresholds"));
        TreeReader rb = root.child("rating_bands");
        rb.allowOnly(Set.of("response_time_ms", "throughput_ops", "error_rate_percent"));
        RatingBands d = RatingBands.defaults();
        RatingBands bands = new RatingBands(rb.bands("response_time_ms", d.responseTimeMs()),
                rb.bands("throughput_ops", d.throughputOps()), rb.bands("error_rate_percent", d.errorRatePercent()));

        return new RunConfig(database, workload, scenarios, selected, overrides, timeScale, thresholds, bands, output,
                testTimeout, maxWorkers, seed, threads, run.bool("db_monitors", true), notes);
    }

    private static DatabaseConfig database(TreeReader r) {
        r.allowOnly(Set.of("url", "pool_size", "max_overflow", "pool_recycle", "pool_timeout", "statement_timeout", "schema",
                "socket_timeout"));
        String schema = r.string("schema", "stampede");
        if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw r.bad("schema", r.raw().get("schema"), "a lower-case identifier such as stampede (letters, digits, _)");
        }
        String url = r.string("url", null);
        if (url != null && url.isBlank()) url = null;
        return new DatabaseConfig(url, r.integer("pool_size", null, 1, 10_000), r.integer("max_overflow", 0, 0, 10_000),
                r.duration("pool_recycle", Duration.ofMinutes(30), 1, false),
                r.duration("pool_timeout", Duration.ofSeconds(30), 1, false),
                r.duration("statement_timeout", Duration.ofSeconds(30), 1, true), schema,
                r.duration("socket_timeout", Duration.ZERO, 1, true));
    }

    private static WorkloadConfig workload(TreeReader r) {
        r.allowOnly(Set.of("type", "scale", "read_write_ratio", "max_tries", "table", "setup", "statements", "operations"));
        String type = r.string("type", "game");
        if (!WORKLOAD_TYPES.contains(type)) {
            throw r.bad("type", r.raw().get("type"), "one of " + String.join(", ", WORKLOAD_TYPES));
        }
        List<CustomStatement> statements = new ArrayList<>();
        JsonNode st = r.raw().get("statements");
        if (st != null && !st.isNull()) {
            if (!st.isArray()) throw r.bad("statements", st, "a list of {name, sql, weight, params}");
            for (int i = 0; i < st.size(); i++) {
                if (!(st.get(i) instanceof ObjectNode o)) throw r.bad("statements", st, "a list of {name, sql, weight, params}");
                statements.add(statement(new TreeReader(o, r.full("statements[" + i + "]"), r.tree())));
            }
        }
        if (type.equals("custom") && statements.isEmpty()) {
            throw new ConfigException("workload type 'custom' needs 'workload.statements': a list of {name, sql, weight, params}; "
                    + "see 'stampede init-config' for an example");
        }
        return new WorkloadConfig(type, r.integer("scale", 1, 1, 100_000), r.number("read_write_ratio", 0.7, 0, 1),
                r.integer("max_tries", 3, 1, 100), r.string("table", null), r.strings("setup"), statements,
                r.strings("operations"));
    }

    private static CustomStatement statement(TreeReader r) {
        r.allowOnly(Set.of("name", "sql", "weight", "params"));
        String name = r.string("name", null);
        String sql = r.string("sql", null);
        if (name == null || !name.matches("[A-Za-z0-9_.-]+")) throw r.bad("name", r.raw().get("name"), "a name of letters, digits, _ . -");
        if (sql == null || sql.isBlank()) throw r.bad("sql", r.raw().get("sql"), "the statement's SQL text");
        Map<String, CustomStatement.ParamSpec> params = new LinkedHashMap<>();
        TreeReader p = r.child("params");
        p.raw().fieldNames().forEachRemaining(k -> params.put(k, param(p.child(k))));
        return new CustomStatement(name, sql, r.number("weight", 1.0, 0.000001, 1e9), params);
    }

    private static CustomStatement.ParamSpec param(TreeReader r) {
        r.allowOnly(Set.of("type", "distribution", "min", "max", "length", "skew", "values"));
        String type = r.string("type", "int");
        if (!Set.of("int", "double", "string", "uuid", "timestamp", "text", "bool").contains(type)) {
            throw r.bad("type", r.raw().get("type"), "one of int, double, string, uuid, timestamp, text, bool");
        }
        String dist = r.string("distribution", "uniform");
        if (!Set.of("uniform", "zipfian").contains(dist)) throw r.bad("distribution", r.raw().get("distribution"), "uniform or zipfian");
        double min = r.number("min", 1.0, -1e18, 1e18);
        double max = r.number("max", type.equals("timestamp") ? 30 * 86400.0 : 1000.0, -1e18, 1e18);
        if (max < min) throw r.bad("max", r.raw().get("max"), "at least min (" + min + ")");
        List<String> values = r.strings("values");
        if (type.equals("text") && values.isEmpty()) throw r.bad("values", r.raw().get("values"), "a non-empty list for type text");
        return new CustomStatement.ParamSpec(type, dist, min, max, r.integer("length", 12, 1, 1_000_000),
                r.number("skew", 0.99, 0.01, 10), values);
    }

    private static RunConfig.LoadOverrides overrides(TreeReader r) {
        r.allowOnly(Set.of("connections", "duration", "qps_target", "read_write_ratio", "arrival", "ramp_up", "think_time", "iterations"));
        return new RunConfig.LoadOverrides(r.integer("connections", null, 1, 100_000), r.duration("duration", null, 1, false),
                r.number("qps_target", null, 0, 10_000_000), r.number("read_write_ratio", null, 0, 1),
                r.enumValue("arrival", ArrivalProcess.class, null), r.duration("ramp_up", null, 1, true),
                r.duration("think_time", null, 1, true), r.longValue("iterations", null, 1));
    }

    private static ScenarioSpec scenario(String name, TreeReader r, ScenarioSpec base) {
        r.allowOnly(Set.of("description", "connections", "duration", "qps_target", "arrival", "ramp_up", "think_time",
                "iterations", "read_write_ratio", "warmup", "phases", "workload", "operations"));
        String wl = r.string("workload", base == null ? null : base.workload());
        if (wl != null && !WORKLOAD_TYPES.contains(wl)) throw r.bad("workload", r.raw().get("workload"), "one of " + WORKLOAD_TYPES);
        List<String> ops = r.has("operations") ? r.strings("operations") : base == null ? List.of() : base.operations();
        Duration dflt = base == null ? null : base.duration();
        Duration duration = r.duration("duration", dflt, 1, false);
        long iterations = r.longValue("iterations", base == null ? 0L : base.iterations(), 1);
        List<ScenarioSpec.PhaseSpec> phases = new ArrayList<>();
        JsonNode ph = r.raw().get("phases");
        if (ph != null && !ph.isNull()) {
            if (!ph.isArray() || ph.isEmpty()) throw r.bad("phases", ph, "a non-empty list of phases");
            for (int i = 0; i < ph.size(); i++) {
                if (!(ph.get(i) instanceof ObjectNode o)) throw r.bad("phases", ph, "a list of mappings");
                phases.add(phase(new TreeReader(o, r.full("phases[" + i + "]"), r.tree()), i));
            }
        } else if (duration == null && iterations == 0) {
            throw new ConfigException("scenario '" + name + "' needs a duration (like 2m), iterations, or phases");
        }
        return new ScenarioSpec(name, r.string("description", base == null ? "custom scenario" : base.description()),
                r.integer("connections", base == null ? 10 : base.connections(), 1, 100_000), duration,
                r.number("qps_target", base == null ? 0.0 : base.qpsTarget(), 0, 10_000_000),
                r.enumValue("arrival", ArrivalProcess.class, base == null ? ArrivalProcess.CONSTANT : base.arrival()),
                r.duration("ramp_up", base == null ? Duration.ZERO : base.rampUp(), 1, true),
                r.duration("think_time", base == null ? Duration.ZERO : base.thinkTime(), 1, true), iterations,
                r.number("read_write_ratio", base == null ? null : base.readWriteRatio(), 0, 1),
                r.duration("warmup", base == null ? Duration.ZERO : base.warmup(), 1, true), phases, wl, ops);
    }

    private static ScenarioSpec.PhaseSpec phase(TreeReader r, int index) {
        r.allowOnly(Set.of("name", "connections", "duration", "qps_target", "arrival", "ramp_up", "think_time", "iterations", "recorded"));
        Duration d = r.duration("duration", null, 1, false);
        long it = r.longValue("iterations", 0L, 1);
        if (d == null && it == 0) throw new ConfigException("phase '" + r.path() + "' needs a duration or iterations");
        return new ScenarioSpec.PhaseSpec(r.string("name", "phase-" + (index + 1)), r.integer("connections", 10, 1, 100_000),
                d, r.number("qps_target", 0.0, 0, 10_000_000), r.enumValue("arrival", ArrivalProcess.class, ArrivalProcess.CONSTANT),
                r.duration("ramp_up", Duration.ZERO, 1, true), r.duration("think_time", Duration.ZERO, 1, true), it,
                r.bool("recorded", true));
    }

    private static Thresholds thresholds(TreeReader r) {
        r.allowOnly(Set.of("max_avg_response_time_ms", "max_p95_response_time_ms", "max_p99_response_time_ms",
                "max_error_rate_percent", "max_connection_failure_rate_percent", "max_db_connection_pool_usage_percent",
                "max_db_query_time_ms", "max_connection_acquire_p95_ms", "min_throughput_ops", "warn_fraction", "query_targets"));
        Thresholds d = Thresholds.defaults();
        Map<String, Thresholds.QueryTarget> targets = new LinkedHashMap<>(d.queryTargets());
        TreeReader qt = r.child("query_targets");
        qt.raw().fieldNames().forEachRemaining(name -> {
            TreeReader one = qt.child(name);
            one.allowOnly(Set.of("target_ms", "critical_ms"));
            double target = one.number("target_ms", null, 0, 1e9) == null
                    ? fail(one, "target_ms") : one.number("target_ms", null, 0, 1e9);
            double critical = one.number("critical_ms", target * 2, target, 1e9);
            targets.put(name, new Thresholds.QueryTarget(target, critical));
        });
        return new Thresholds(
                r.number("max_avg_response_time_ms", d.maxAvgResponseTimeMs(), 0, 1e9),
                r.number("max_p95_response_time_ms", d.maxP95ResponseTimeMs(), 0, 1e9),
                r.number("max_p99_response_time_ms", d.maxP99ResponseTimeMs(), 0, 1e9),
                r.number("max_error_rate_percent", d.maxErrorRatePercent(), 0, 100),
                r.number("max_connection_failure_rate_percent", d.maxConnectionFailureRatePercent(), 0, 100),
                r.number("max_db_connection_pool_usage_percent", d.maxDbConnectionPoolUsagePercent(), 0, 100),
                r.number("max_db_query_time_ms", d.maxDbQueryTimeMs(), 0, 1e9),
                r.number("max_connection_acquire_p95_ms", d.maxConnectionAcquireP95Ms(), 0, 1e9),
                r.number("min_throughput_ops", d.minThroughputOps(), 0, 1e9),
                r.number("warn_fraction", d.warnFraction(), 0.01, 1), targets);
    }

    private static double fail(TreeReader r, String key) {
        throw new ConfigException("setting '" + r.full(key) + "' is missing; a query target needs target_ms "
                + "(and optionally critical_ms), e.g. {target_ms: 50, critical_ms: 100}");
    }
}
