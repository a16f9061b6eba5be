package dev.stampede.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stampede.core.engine.ArrivalProcess;
import dev.stampede.core.engine.Stages;
import dev.stampede.core.target.TargetProvider;
import dev.stampede.core.target.TargetRegistry;
import dev.stampede.core.target.TargetSettings;

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

    /** Run-level environment variables users know from seed 000, and the setting each one feeds. */
    public static final Map<String, String> RUN_ENVIRONMENT = Map.of("TEST_TIMEOUT", "run.test_timeout",
            "MAX_WORKERS", "run.max_workers");

    /** Top-level sections the core itself reads; targets add theirs. */
    static final List<String> CORE_SECTIONS = List.of("workload", "load", "scenarios", "run", "thresholds", "rating_bands",
            "compare", "capacity");

    private ConfigBinder() {
    }

    /**
     * Every environment variable the run reads, in documentation order, and the dotted setting it feeds: the
     * targets' own (DATABASE_URL...), the stack sections no module claims yet (REDIS_URL...), then the run's.
     */
    public static Map<String, String> environment(TargetRegistry targets) {
        Map<String, String> m = new LinkedHashMap<>();
        for (TargetProvider p : targets.providers()) {
            p.environment().forEach((name, key) -> m.put(name, p.section() + "." + key));
        }
        StackSections.all().forEach((section, env) -> {
            if (targets.bySection(section).isEmpty()) env.forEach((name, key) -> m.putIfAbsent(name, section + "." + key));
        });
        m.put("TEST_TIMEOUT", RUN_ENVIRONMENT.get("TEST_TIMEOUT"));
        m.put("MAX_WORKERS", RUN_ENVIRONMENT.get("MAX_WORKERS"));
        m.putAll(LoadTestEnvironment.direct());
        return m;
    }

    /** Merges the layers into one tree; notes about ignored seed keys go to {@code notes}. */
    public static ConfigTree layer(Path file, Map<String, String> env, List<Setting> flags, List<String> notes,
                                   TargetRegistry targets) {
        ConfigTree tree;
        if (file != null) {
            ConfigFiles.Parsed parsed = ConfigFiles.readWithLines(file);
            ObjectNode root = parsed.root();
            notes.addAll(SeedCompat.normalize(root));
            tree = new ConfigTree(root);
            tree.markOrigins("", root, "config file " + file, parsed.lines());
        } else {
            tree = new ConfigTree();
        }
        environment(targets).forEach((name, path) -> {
            String v = env.get(name);
            if (v != null && !v.isBlank()) tree.set(path, v.trim(), "environment " + name);
        });
        for (Setting s : flags) {
            if (s.value() != null) tree.set(s.path(), s.value(), s.origin());
        }
        LoadTestEnvironment.applySpawnRate(tree, env, flags, notes);
        return tree;
    }

    /** Layers and binds in one step, for commands that need the configuration but not its origins. */
    public static RunConfig load(Path file, Map<String, String> env, List<Setting> flags, TargetRegistry targets) {
        List<String> notes = new ArrayList<>();
        return bind(layer(file, env, flags, notes, targets), notes, targets);
    }

    /** Binds and validates the merged tree; each target binds its own section. */
    public static RunConfig bind(ConfigTree tree, List<String> notes, TargetRegistry targets) {
        ConfigSection root = new ConfigSection(tree.root(), "", tree);
        Set<String> sections = new java.util.LinkedHashSet<>(CORE_SECTIONS);
        for (TargetProvider p : targets.providers()) sections.add(p.section());
        sections.addAll(StackSections.all().keySet());
        root.allowOnly(sections);

        Map<String, TargetSettings> targetSettings = new LinkedHashMap<>();
        for (TargetProvider p : targets.providers()) targetSettings.put(p.name(), p.bind(root.child(p.section())));
        Map<String, Map<String, Object>> unclaimed = new LinkedHashMap<>();
        StackSections.all().forEach((section, env) -> {
            if (targets.bySection(section).isPresent() || !root.has(section)) return;
            ConfigSection sec = root.child(section);
            Map<String, Object> echo = new LinkedHashMap<>();
            sec.raw().properties().forEach(e -> echo.put(e.getKey(),
                    e.getValue().isValueNode() ? dev.stampede.core.util.Secrets.redact(e.getValue().asText()) : "(set)"));
            unclaimed.put(section, echo);
            notes.add("the '" + section + "' section is set (" + String.join(", ", echo.keySet()) + ", from "
                    + tree.origin(section + "." + echo.keySet().iterator().next()) + ") but this build has no " + section
                    + " target module, so " + section + " is not tested in this run");
        });

        String defaultWorkload = targets.defaultWorkload();
        WorkloadConfig workload = workload(root.child("workload"), targets, defaultWorkload);
        RunConfig.LoadOverrides overrides = overrides(root.child("load"));

        Map<String, ScenarioSpec> scenarios = new LinkedHashMap<>(ScenarioCatalog.presets());
        Map<String, List<String>> sets = new LinkedHashMap<>();
        sets.put(ScenarioCatalog.LOAD_TEST, ScenarioCatalog.LOAD_TEST_SCENARIOS);
        List<String> full = new ArrayList<>(ScenarioCatalog.FULL_PRESETS);
        for (TargetProvider p : targets.providers()) {
            for (ScenarioSpec spec : p.scenarios()) scenarios.put(spec.name(), spec);
            p.scenarioSets().forEach((name, members) -> {
                sets.put(name, List.copyOf(members));
                if (!p.setsOutsideFull().contains(name)) full.addAll(members);
            });
        }
        sets.put(ScenarioCatalog.FULL, List.copyOf(full));
        ConfigSection sc = root.child("scenarios");
        sc.raw().fieldNames().forEachRemaining(name -> scenarios.put(name, scenario(name, sc.child(name), scenarios.get(name), targets)));

        ConfigSection run = root.child("run");
        Set<String> runKeys = new java.util.HashSet<>(Set.of("scenarios", "time_scale", "output_dir", "test_timeout", "max_workers",
                "seed", "threads", "max_run_time", "dashboard", "dashboard_token"));
        runKeys.addAll(RegressionConfig.RUN_KEYS);
        run.allowOnly(runKeys);
        RegressionConfig.bind(tree);   // run.repeat, run.metrics_port and compare.*: validated here, read by the CLI
        List<String> selected = new ArrayList<>();
        for (String name : run.strings("scenarios")) selected.addAll(sets.getOrDefault(name, List.of(name)));
        if (selected.isEmpty()) selected = List.of("baseline");
        for (String s : selected) {
            if (!scenarios.containsKey(s)) {
                String hint = ConfigSection.closest(s, scenarios.keySet());
                throw new ConfigException("unknown scenario '" + s + "' (from " + tree.origin("run.scenarios") + ")"
                        + (hint != null ? "; did you mean '" + hint + "'?" : "")
                        + " Known scenarios: " + String.join(", ", scenarios.keySet()) + "; sets: " + String.join(", ", sets.keySet()));
            }
            targets.requireOwner(workloadOf(scenarios.get(s), workload), "scenario '" + s + "'");
        }
        double timeScale = run.number("time_scale", 1.0, 0.0001, 1000);
        Path output = Path.of(run.string("output_dir", "stampede-results"));
        Duration testTimeout = run.duration("test_timeout", null, 1, false);
        Duration maxRunTime = run.string("max_run_time", "auto").equalsIgnoreCase("auto") ? null
                : run.duration("max_run_time", null, 1, false);
        Integer maxWorkers = run.integer("max_workers", null, 1, 100_000);
        long seed = run.longValue("seed", System.nanoTime() & 0xffffffffL, 0);
        dev.stampede.core.engine.ThreadMode threads = run.enumValue("threads", dev.stampede.core.engine.ThreadMode.class,
                dev.stampede.core.engine.ThreadMode.AUTO);

        Integer dashboardPort = run.integer("dashboard", null, 0, 65535);
        String dashboardToken = run.string("dashboard_token", null);
        if (dashboardToken != null && !dashboardToken.matches("[A-Za-z0-9_-]{16,128}")) {
            throw new ConfigException("run.dashboard_token (from " + tree.origin("run.dashboard_token")
                    + ") must be 16 to 128 letters, digits, '-' or '_'; leave it unset for a random token per run");
        }

        Thresholds thresholds = thresholds(root.child("thresholds"), targets);
        ConfigSection rb = root.child("rating_bands");
        rb.allowOnly(Set.of("response_time_ms", "throughput_ops", "error_rate_percent"));
        RatingBands d = RatingBands.defaults();
        RatingBands bands = new RatingBands(rb.bands("response_time_ms", d.responseTimeMs()),
                rb.bands("throughput_ops", d.throughputOps()), rb.bands("error_rate_percent", d.errorRatePercent()));

        return new RunConfig(targetSettings, unclaimed, workload, scenarios, sets, selected, overrides, timeScale, thresholds,
                bands, output, testTimeout, maxRunTime, maxWorkers, seed, threads, notes, dashboardPort, dashboardToken);
    }

    /** The workload type a scenario runs: its own, or the run's. */
    public static String workloadOf(ScenarioSpec spec, WorkloadConfig runWorkload) {
        return spec.workload() != null ? spec.workload() : runWorkload.type();
    }

    private static WorkloadConfig workload(ConfigSection r, TargetRegistry targets, String defaultType) {
        r.allowOnly(Set.of("type", "scale", "read_write_ratio", "max_tries", "table", "setup", "statements", "operations",
                "scripts", "existing_tables", "isolation"));
        String type = r.string("type", defaultType);
        if (type == null || targets.ownerOf(type).isEmpty()) {
            throw r.bad("type", r.raw().get("type"), "one of " + String.join(", ", targets.workloads().keySet()));
        }
        List<CustomStatement> statements = new ArrayList<>();
        JsonNode st = r.raw().get("statements");
        if (st != null && !st.isNull()) {
            if (!st.isArray()) throw r.bad("statements", st, "a list of {name, sql, weight, params}");
            for (int i = 0; i < st.size(); i++) {
                if (!(st.get(i) instanceof ObjectNode o)) throw r.bad("statements", st, "a list of {name, sql, weight, params}");
                statements.add(statement(new ConfigSection(o, r.full("statements[" + i + "]"), r.tree())));
            }
        }
        if (type.equals("custom") && statements.isEmpty()) {
            throw new ConfigException("workload type 'custom' needs 'workload.statements': a list of {name, sql, weight, params}; "
                    + "see 'stampede init-config' for an example");
        }
        String isolation = r.string("isolation", null);
        if (isolation != null) {
            String iso = isolation.trim().replace('_', ' ').replaceAll("\\s+", " ").toUpperCase(java.util.Locale.ROOT);
            if (!Set.of("READ COMMITTED", "REPEATABLE READ", "SERIALIZABLE").contains(iso)) {
                throw r.bad("isolation", r.raw().get("isolation"), "read committed, repeatable read or serializable");
            }
            isolation = iso;
        }
        return new WorkloadConfig(type, r.integer("scale", 1, 1, 100_000), r.number("read_write_ratio", 0.7, 0, 1),
                r.integer("max_tries", 3, 1, 100), r.string("table", null), r.strings("setup"), statements,
                r.strings("operations"), r.strings("scripts"), r.bool("existing_tables", false), isolation);
    }

    private static CustomStatement statement(ConfigSection r) {
        r.allowOnly(Set.of("name", "sql", "weight", "params", "transaction"));
        String name = r.string("name", null);
        if (name == null || !name.matches("[A-Za-z0-9_.-]+")) throw r.bad("name", r.raw().get("name"), "a name of letters, digits, _ . -");
        List<String> transaction = r.strings("transaction");
        String sql = transaction.isEmpty() ? r.string("sql", null) : null;
        if (!transaction.isEmpty() && r.raw().has("sql")) {
            throw r.bad("sql", r.raw().get("sql"), "absent when 'transaction' lists the statements (give one of sql and transaction)");
        }
        if (transaction.isEmpty() && (sql == null || sql.isBlank())) {
            throw r.bad("sql", r.raw().get("sql"), "the statement's SQL text (or 'transaction': a list of statements run in one transaction)");
        }
        for (String t : transaction) {
            if (t == null || t.isBlank()) throw r.bad("transaction", r.raw().get("transaction"), "a list of non-empty SQL statements");
        }
        Map<String, CustomStatement.ParamSpec> params = new LinkedHashMap<>();
        ConfigSection p = r.child("params");
        p.raw().fieldNames().forEachRemaining(k -> params.put(k, param(p.child(k))));
        return new CustomStatement(name, sql, r.number("weight", 1.0, 0.000001, 1e9), params, transaction);
    }

    /**
     * Binds one generated parameter ({@code type}, {@code distribution}, {@code min}, {@code max}, {@code length},
     * {@code skew}, {@code values}): the custom workload's statement parameters and any target's generated arguments
     * (Celery's kwargs) read the same keys with the same errors.
     */
    public static CustomStatement.ParamSpec param(ConfigSection r) {
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

    private static RunConfig.LoadOverrides overrides(ConfigSection r) {
        r.allowOnly(Set.of("connections", "duration", "qps_target", "read_write_ratio", "arrival", "ramp_up", "think_time", "iterations",
                "pace"));
        return new RunConfig.LoadOverrides(r.integer("connections", null, 1, 100_000), r.duration("duration", null, 1, false),
                r.number("qps_target", null, 0, 10_000_000), r.number("read_write_ratio", null, 0, 1),
                r.enumValue("arrival", ArrivalProcess.class, null), r.duration("ramp_up", null, 1, true),
                r.duration("think_time", null, 1, true), r.longValue("iterations", null, 1), r.duration("pace", null, 1, true));
    }

    private static ScenarioSpec scenario(String name, ConfigSection r, ScenarioSpec base, TargetRegistry targets) {
        r.allowOnly(Set.of("description", "connections", "duration", "qps_target", "arrival", "ramp_up", "think_time",
                "iterations", "read_write_ratio", "warmup", "phases", "workload", "operations", "pace", "faults", "resilience", "capacity",
                "stages", "rate_stages", "start_target"));
        String wl = r.string("workload", base == null ? null : base.workload());
        if (wl != null && targets.ownerOf(wl).isEmpty()) {
            throw r.bad("workload", r.raw().get("workload"), "one of " + String.join(", ", targets.workloads().keySet()));
        }
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
                phases.add(phase(new ConfigSection(o, r.full("phases[" + i + "]"), r.tree()), i));
            }
        }
        Stages stages = stages(r, "stages");
        Stages rateStages = stages(r, "rate_stages");
        if (stages == null && rateStages == null) {
            if (r.has("start_target")) throw r.bad("start_target", r.raw().get("start_target"), "only with stages or rate_stages");
            if (base != null) {
                stages = base.stages();
                rateStages = base.rateStages();
            }
        }
        if (stages != null || rateStages != null) {
            String key = stages != null ? "stages" : "rate_stages";
            if (stages != null && rateStages != null) {
                throw new ConfigException("scenario '" + name + "' sets both stages (users) and rate_stages (arrivals/s); keep one");
            }
            for (String other : List.of("duration", "ramp_up", "qps_target", "warmup", "phases")) {
                if (r.has(other)) {
                    throw new ConfigException("scenario '" + name + "': " + other + " and " + key + " are exclusive ("
                            + key + " set the load over time and the length: the stages' durations added); remove " + other);
                }
            }
            if (rateStages != null && rateStages.peak() <= 0) throw r.bad(key, r.raw().get(key), "at least one stage with a target above 0");
            if (stages != null && stages.peak() < 1) throw r.bad(key, r.raw().get(key), "at least one stage with a target of 1 user or more");
            duration = (stages != null ? stages : rateStages).total();
        } else if (ph == null || ph.isNull()) {
            if (duration == null && iterations == 0) {
                throw new ConfigException("scenario '" + name + "' needs a duration (like 2m), iterations, stages, or phases");
            }
        }
        return new ScenarioSpec(name, r.string("description", base == null ? "custom scenario" : base.description()),
                r.integer("connections", base == null ? 10 : base.connections(), 1, 100_000), duration,
                r.number("qps_target", base == null ? 0.0 : base.qpsTarget(), 0, 10_000_000),
                r.enumValue("arrival", ArrivalProcess.class, base == null ? ArrivalProcess.CONSTANT : base.arrival()),
                r.duration("ramp_up", base == null ? Duration.ZERO : base.rampUp(), 1, true),
                r.duration("think_time", base == null ? Duration.ZERO : base.thinkTime(), 1, true), iterations,
                r.number("read_write_ratio", base == null ? null : base.readWriteRatio(), 0, 1),
                r.duration("warmup", base == null ? Duration.ZERO : base.warmup(), 1, true), phases, wl, ops,
                r.duration("pace", base == null ? Duration.ZERO : base.pace(), 1, true), stages, rateStages,
                r.has("faults") ? faults(name, r, targets) : base == null ? List.of() : base.faults(),
                r.has("resilience") ? ResilienceBinding.bind(r.child("resilience"), targets) : base == null ? null : base.resilience());
    }

    /**
     * A list of {@code {duration: 30s, target: 50}} under {@code key}, starting from {@code start_target} (default 0);
     * null when the key is absent.
     */
    private static Stages stages(ConfigSection r, String key) {
        JsonNode n = r.raw().get(key);
        if (n == null || n.isNull()) return null;
        String expected = "a non-empty list of {duration: 30s, target: N} stages";
        if (!n.isArray() || n.isEmpty()) throw r.bad(key, n, expected);
        List<Stages.Stage> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            if (!(n.get(i) instanceof ObjectNode o)) throw r.bad(key, n, expected);
            ConfigSection st = new ConfigSection(o, r.full(key + "[" + i + "]"), r.tree());
            st.allowOnly(Set.of("duration", "target"));
            Duration d = st.duration("duration", null, 1, false);
            Double target = st.number("target", null, 0, 10_000_000);
            if (d == null || target == null) {
                throw new ConfigException("stage '" + st.path() + "' needs a duration and a target, such as {duration: 30s, target: 50}");
            }
            out.add(new Stages.Stage(d, target));
        }
        return new Stages(r.number("start_target", 0.0, 0, 10_000_000), out);
    }

    /** The scenario's {@code faults:} list, checked against the targets of this build and their server-side kinds. */
    private static List<dev.stampede.core.fault.FaultWindow> faults(String scenario, ConfigSection r, TargetRegistry targets) {
        JsonNode f = r.raw().get("faults");
        if (f == null || f.isNull()) return List.of();
        if (!f.isArray()) throw r.bad("faults", f, "a list of faults, for example [{target: database, kind: blackhole, at: 30s, for: 10s}]");
        Map<String, Map<String, Set<String>>> sections = new LinkedHashMap<>();
        for (TargetProvider p : targets.providers()) sections.put(p.section(), p.serverFaults());
        List<?> specs = new com.fasterxml.jackson.databind.ObjectMapper().convertValue(f, List.class);
        return dev.stampede.core.fault.FaultSpecs.parse(specs, "scenario '" + scenario + "' (" + r.full("faults") + ")", sections);
    }

    private static ScenarioSpec.PhaseSpec phase(ConfigSection r, int index) {
        r.allowOnly(Set.of("name", "connections", "duration", "qps_target", "arrival", "ramp_up", "think_time", "iterations", "recorded",
                "pace"));
        Duration d = r.duration("duration", null, 1, false);
        long it = r.longValue("iterations", 0L, 1);
        if (d == null && it == 0) throw new ConfigException("phase '" + r.path() + "' needs a duration or iterations");
        return new ScenarioSpec.PhaseSpec(r.string("name", "phase-" + (index + 1)), r.integer("connections", 10, 1, 100_000),
                d, r.number("qps_target", 0.0, 0, 10_000_000), r.enumValue("arrival", ArrivalProcess.class, ArrivalProcess.CONSTANT),
                r.duration("ramp_up", Duration.ZERO, 1, true), r.duration("think_time", Duration.ZERO, 1, true), it,
                r.bool("recorded", true), r.duration("pace", Duration.ZERO, 1, true));
    }

    private static Thresholds thresholds(ConfigSection r, TargetRegistry registry) {
        Set<String> extraKeys = new java.util.TreeSet<>(StackSections.THRESHOLDS);
        for (TargetProvider p : registry.providers()) extraKeys.addAll(p.thresholdKeys());
        Set<String> allowed = new java.util.HashSet<>(Set.of("max_avg_response_time_ms", "max_p95_response_time_ms",
                "max_p99_response_time_ms", "max_error_rate_percent", "max_connection_failure_rate_percent",
                "max_db_connection_pool_usage_percent", "max_db_query_time_ms", "max_connection_acquire_p95_ms",
                "min_throughput_ops", "warn_fraction", "query_targets"));
        allowed.addAll(extraKeys);
        r.allowOnly(allowed);
        Map<String, Double> targetLimits = new LinkedHashMap<>();
        for (String k : extraKeys) {
            Double v = r.number(k, null, 0, 1e12);
            if (v != null) targetLimits.put(k, v);
        }
        Thresholds d = Thresholds.defaults();
        Map<String, Thresholds.QueryTarget> targets = new LinkedHashMap<>(d.queryTargets());
        ConfigSection qt = r.child("query_targets");
        qt.raw().fieldNames().forEachRemaining(name -> {
            ConfigSection one = qt.child(name);
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
                r.number("warn_fraction", d.warnFraction(), 0.01, 1), targets, targetLimits);
    }

    private static double fail(ConfigSection r, String key) {
        throw new ConfigException("setting '" + r.full(key) + "' is missing; a query target needs target_ms "
                + "(and optionally critical_ms), e.g. {target_ms: 50, critical_ms: 100}");
    }
}
