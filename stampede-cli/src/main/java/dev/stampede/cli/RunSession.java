package dev.stampede.cli;

import dev.stampede.cli.dashboard.Dashboard;
import dev.stampede.cli.metrics.MetricsEndpoint;
import dev.stampede.core.advisor.Advisor;
import dev.stampede.core.advisor.AdvisorRule;
import dev.stampede.core.compare.BaselineStore;
import dev.stampede.core.compare.Change;
import dev.stampede.core.compare.CompareRules;
import dev.stampede.core.compare.Comparer;
import dev.stampede.core.compare.Comparison;
import dev.stampede.core.compare.ComparisonText;
import dev.stampede.core.compare.Measurements;
import dev.stampede.core.compare.ReportReader;
import dev.stampede.core.config.ConfigBinder;
import dev.stampede.core.config.ConfigTree;
import dev.stampede.core.config.PlanBuilder;
import dev.stampede.core.config.PlannedScenario;
import dev.stampede.core.config.RegressionConfig;
import dev.stampede.core.config.RunConfig;
import dev.stampede.core.engine.Engine;
import dev.stampede.core.engine.NanoClock;
import dev.stampede.core.engine.ProgressListener;
import dev.stampede.core.engine.RunControl;
import dev.stampede.core.engine.RunTimeLimit;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.engine.StopReason;
import dev.stampede.core.fault.FaultRoutes;
import dev.stampede.core.report.ConsoleSummary;
import dev.stampede.core.report.JsonReportWriter;
import dev.stampede.core.report.ProgressPrinter;
import dev.stampede.core.report.RunReport;
import dev.stampede.core.report.ScenarioReport;
import dev.stampede.core.report.Timestamps;
import dev.stampede.core.target.ReportSection;
import dev.stampede.core.target.SessionContext;
import dev.stampede.core.target.SuiteCheck;
import dev.stampede.core.target.TargetProvider;
import dev.stampede.core.target.TargetRegistry;
import dev.stampede.core.verdict.MetricVerdict;
import dev.stampede.core.verdict.Status;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One {@code stampede run}: configuration, the targets the scenarios need (embedded or the user's), the
 * scenarios, verdicts and reports. Knows targets only through {@link TargetRegistry}: adding a target module
 * changes nothing here. Whatever ran is reported, also after Ctrl-C, a lost target or the run's time limit
 * (marked partial). Not thread-safe; one session per run.
 */
final class RunSession {
    private final PrintWriter out;
    private final TargetRegistry registry;

    RunSession(PrintWriter out, TargetRegistry registry) {
        this.out = out;
        this.registry = registry;
    }

    int run(Path configFile, List<ConfigBinder.Setting> flags, Map<String, String> env) throws Exception {
        return run(configFile, flags, env, Options.NONE);
    }

    /**
     * What only flags give, on top of the layered configuration ({@code run.repeat}, {@code run.metrics_port} and the
     * {@code compare} section are read from it, see {@link RegressionConfig}).
     *
     * @param thresholds the {@code --threshold} values, which add to and override {@code compare.thresholds}
     * @param monitorPid a process on this host to sample (CPU, RSS, threads, open files), or null
     */
    record Options(List<String> thresholds, Integer monitorPid, dev.stampede.core.shard.Shard shard, boolean printBundle) {
        static final Options NONE = new Options(List.of(), null);

        Options(List<String> thresholds, Integer monitorPid) {
            this(thresholds, monitorPid, dev.stampede.core.shard.Shard.SINGLE, false);
        }

        Options {
            shard = shard == null ? dev.stampede.core.shard.Shard.SINGLE : shard;
            thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
            if (monitorPid != null && !dev.stampede.core.host.ProcessMonitor.exists(monitorPid)) {
                throw new dev.stampede.core.config.ConfigException("--monitor-pid " + monitorPid + ": no such process on this host; "
                        + "give the pid of a running process (for example the server's)");
            }
        }
    }

    /**
     * One side of an interleaved run ({@code --baseline-config}): the baseline's configuration, plans, report directory
     * ({@code baseline/} in the run's) and what ran. Session thread only.
     */
    private static final class Side {
        final RunConfig config;
        final List<PlannedScenario> plans;
        final ReportFiles files;
        final List<String> notes;
        SessionContext context;
        final List<ScenarioReport> reports = new ArrayList<>();
        final List<ScenarioRun> runs = new ArrayList<>();
        final Map<String, Object> described = new LinkedHashMap<>();
        OpenTargets targets;
        ScenarioExecution execution;

        Side(RunConfig config, List<PlannedScenario> plans, ReportFiles files, List<String> notes, SessionContext context) {
            this.config = config;
            this.plans = plans;
            this.files = files;
            this.notes = notes;
            this.context = context;
        }
    }

    int run(Path configFile, List<ConfigBinder.Setting> flags, Map<String, String> env, Options options) throws Exception {
        List<String> notes = new ArrayList<>();
        ConfigTree tree = ConfigBinder.layer(configFile, env, flags, notes, registry);
        RunConfig config = ConfigBinder.bind(tree, notes, registry);
        RegressionConfig regression = RegressionConfig.bind(tree);
        CompareRules rules = CompareRules.parse(regression.thresholds(), regression.thresholdsFrom(), options.thresholds(),
                regression.alpha());
        BaselineStore store = new BaselineStore(regression.baselineDir() == null ? Path.of(BaselineStore.DEFAULT_DIR)
                : regression.baselineDir());
        List<PlannedScenario> plans = PlanBuilder.build(config, notes);
        dev.stampede.core.capacity.CapacityConfig capacity = dev.stampede.core.capacity.CapacityConfig.bind(tree, config.selected());
        if (regression.windows() > 0) for (PlannedScenario ps : plans) RunWindows.check(ps.plan(), regression.windows());
        for (String n : notes) out.println("note: " + n);
        if (options.printBundle() && !options.shard().distributed()) {
            throw new dev.stampede.core.config.ConfigException("--print-bundle prints a distributed run's result bundle; give it with "
                    + "--shard I/N --start-at T");
        }
        ReportFiles files = ReportFiles.of(config.outputDir()).create();
        ShardSession shards = ShardSession.start(options.shard(), config, plans, regression.repeat(), regression.interleaved(),
                plans.stream().anyMatch(p -> capacity.forScenario(p.plan().name()).isPresent()), files.dir(), NanoClock.SYSTEM);
        if (shards != null) plans = shards.plans();   // this shard's share; the bundle keeps the whole plans
        Measurements saved = regression.baseline() == null ? null : store.load(regression.baseline()); // missing: exit 2 now
        if (saved != null && regression.windows() > 0) saved.windowed();   // no windows in it: exit 2 now
        if (saved != null && plans.stream().noneMatch(p -> saved.scenarios().contains(p.plan().name()))) {
            throw new dev.stampede.core.config.ConfigException("different scenarios: this run selects "
                    + plans.stream().map(p -> p.plan().name()).toList() + ", the baseline " + saved.source() + " has "
                    + saved.scenarios() + "; run the baseline's scenarios (--scenarios) or save a baseline of these");
        }
        Measurements baseline = saved;   // or, interleaved, the baseline side's runs once they are reported
        Side base = regression.interleaved() ? baselineSide(regression, env, flags, files, plans) : null;
        FaultRoutes routes = FaultPlan.routes(plans, base == null ? List.of() : base.plans);
        SessionContext context = new SessionContext(config, out, notes, routes);
        if (base != null) base.context = new SessionContext(base.config, out, base.notes, routes);
        int repeat = regression.repeat();

        String startedAt = Timestamps.now();
        RunControl control = new RunControl();
        Dashboard dashboard = startDashboard(config, control); // bad port: exit 2 before anything ran
        MetricsEndpoint metrics = startMetrics(regression.metricsPort());
        RunWindows windows = regression.windows() > 0 ? new RunWindows(regression.windows()) : null;
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            control.stop(StopReason.INTERRUPTED);
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stampede-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        List<ScenarioReport> reports = new ArrayList<>();
        List<ScenarioRun> runs = new ArrayList<>();
        Map<String, Object> described = new LinkedHashMap<>();
        OpenTargets targets = null;
        RunTimeLimit limit = null;
        Integer failedWith = null;   // the exit code of an error that ends the run early, for the partial reports
        int code = ExitCodes.INTERNAL_ERROR;
        try {
            FaultPlan.checkTargets(plans, OpenTargets.openedSections(config, plans, registry));
            targets = OpenTargets.open(config, plans, registry, context);
            FaultPlan.checkSupported(plans, routes);
            described.putAll(targets.describe());
            described.put("generator", GeneratorEnvironment.describe());
            Engine engine = new Engine(NanoClock.SYSTEM, Engine.Settings.defaults(options.shard().seed(config.seed()))
                    .withThreads(config.threads()));
            ProgressListener progress = shards == null ? progress(dashboard, metrics, windows)
                    : ProgressFanOut.of(progress(dashboard, metrics, windows), shards.listener());
            ScenarioExecution execution = new ScenarioExecution(engine, config, advisor(), progress, context, options.monitorPid())
                    .withShards(shards);
            CapacityExecution searches = new CapacityExecution(execution, out);
            if (base != null) {
                base.targets = OpenTargets.open(base.config, base.plans, registry, base.context);
                base.described.putAll(base.targets.describe());
                base.described.put("generator", GeneratorEnvironment.describe());
                base.execution = new ScenarioExecution(new Engine(NanoClock.SYSTEM, Engine.Settings.defaults(base.config.seed())
                        .withThreads(base.config.threads())), base.config, advisor(), progress, base.context, options.monitorPid());
            }
            limit = RunTimeLimit.start(NanoClock.SYSTEM, capacityLimit(config, plans, capacity,
                    runLimit(config, plans, repeat * (base == null ? 1 : 2))).plus(shards == null ? Duration.ZERO : shards.waitBeforeStart()),
                    control);
            rounds:
            for (int round = 1; round <= repeat; round++) {
                for (int i = 0; i < plans.size(); i++) {
                    // interleaved: the baseline first in odd rounds, the current side first in even ones (A B, B A, ...), so
                    // that a machine getting busier or quieter during the run moves both sides alike
                    boolean[] order = base == null ? new boolean[]{false} : round % 2 == 1 ? new boolean[]{true, false}
                            : new boolean[]{false, true};
                    for (boolean baselineSide : order) {
                        if (control.isStopped()) break rounds;
                        PlannedScenario ps = baselineSide ? base.plans.get(i) : plans.get(i);
                        if (repeat > 1 || base != null) {
                            out.println("Run " + round + " of " + repeat + (base == null ? "" : baselineSide ? " (baseline)" : " (current)") + ":");
                        }
                        if (metrics != null) {
                            metrics.metrics().round(repeat > 1 ? round : 0);
                            metrics.metrics().side(baselineSide ? "baseline/" : "");
                        }
                        if (windows != null) windows.begin(ps.plan());
                        ScenarioExecution.Result r = baselineSide
                                ? base.execution.run(ps, OpenTargets.ownerName(ps, registry), base.targets.byName(), control)
                                : capacity.forScenario(ps.plan().name()).isPresent()
                                ? searches.run(ps, capacity.forScenario(ps.plan().name()).get(), OpenTargets.ownerName(ps, registry),
                                        targets.byName(), control)
                                : execution.run(ps, OpenTargets.ownerName(ps, registry), targets.byName(), control);
                        ScenarioReport report = repeat > 1 ? Repetitions.named(r.report(), round) : r.report();
                        if (windows != null) report = windows.finish(report);
                        (baselineSide ? base.reports : reports).add(report);
                        (baselineSide ? base.runs : runs).add(r.run());
                        if (stoppedAnswering(r.run().stopReason())) break rounds;
                    }
                }
            }
        } catch (Exception | Error e) {
            failedWith = Failures.exitCode(e);
            throw e;
        } finally {
            if (limit != null) limit.close();
            try {
                code = failedWith != null ? failedWith : exitCode(runs, reports, control);
                if (base != null && !base.reports.isEmpty()) {
                    out.println("Baseline side (" + regression.baselineConfig() + "), reports in " + base.files.dir() + ":");
                    int baseCode = failedWith != null ? failedWith : exitCode(base.runs, base.reports, control);
                    writeReports(base.config, base.files, startedAt, base.described, base.reports, base.runs, control, base.notes,
                            limit, baseCode, null, rules, null, false);
                    baseline = BaselineStore.read(base.files.json(), "the baseline run now (" + regression.baselineConfig() + ")");
                    out.println("Current side:");
                }
                if (!reports.isEmpty() || control.isStopped()) {
                    code = writeReports(config, files, startedAt, described,
                            dev.stampede.core.capacity.ScalingSweeps.annotate(runs, reports), runs, control, notes, limit, code,
                            baseline, rules, metrics, regression.windows() > 0);
                }
            } finally {
                if (shards != null) shards.close(out, files.dir(), options.printBundle());
                if (dashboard != null) dashboard.finished(files.dir(), files.jsonName()); // keeps serving (daemon threads) until exit
                if (metrics != null) metrics.close();
                if (targets != null) targets.close();
                if (base != null && base.targets != null) base.targets.close();
                routes.close();
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the hook is running and waits for 'finished'
                }
            }
        }
        return code;
    }

    /**
     * The baseline side of an interleaved run: {@code baselineConfig} layered like the run's own file (same environment
     * and flags), its reports in {@code baseline/} under the run's directory. Its scenarios must be the run's, in order.
     *
     * @throws dev.stampede.core.config.ConfigException when the file is missing or bad, or selects other scenarios
     */
    private Side baselineSide(RegressionConfig regression, Map<String, String> env, List<ConfigBinder.Setting> flags,
                              ReportFiles files, List<PlannedScenario> plans) {
        Path file = regression.baselineConfig();
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new dev.stampede.core.config.ConfigException("--baseline-config " + file + ": no such file; give the configuration "
                    + "file of the baseline to run now (interleaved with this run), or compare with a saved one (--baseline)");
        }
        List<ConfigBinder.Setting> baseFlags = new ArrayList<>(flags);
        baseFlags.add(new ConfigBinder.Setting("run.output_dir", files.dir().resolve("baseline").toString(), "--baseline-config"));
        List<String> notes = new ArrayList<>();
        RunConfig config = ConfigBinder.bind(ConfigBinder.layer(file, env, baseFlags, notes, registry), notes, registry);
        List<PlannedScenario> basePlans = PlanBuilder.build(config, notes);
        List<String> names = plans.stream().map(p -> p.plan().name()).toList();
        List<String> baseNames = basePlans.stream().map(p -> p.plan().name()).toList();
        if (!names.equals(baseNames)) {
            throw new dev.stampede.core.config.ConfigException("different scenarios: this run has " + names + ", the baseline configuration "
                    + file + " selects " + baseNames + "; both sides must run the same scenarios (select them with --scenarios, "
                    + "which applies to both)");
        }
        for (String n : notes) out.println("note (baseline): " + n);
        return new Side(config, basePlans, ReportFiles.of(config.outputDir()).create(), notes, new SessionContext(config, out, notes));
    }

    /** The live dashboard when {@code run.dashboard} is set, its URL printed; null otherwise. */
    private Dashboard startDashboard(RunConfig config, RunControl control) {
        if (config.dashboardPort() == null) return null;
        Dashboard d = Dashboard.start(config.dashboardPort(), config.dashboardToken(), control);
        out.println("Dashboard: " + d.url());
        out.flush();
        return d;
    }

    /** The Prometheus endpoint when {@code --metrics-port} is given, its URL printed; null otherwise. */
    private MetricsEndpoint startMetrics(Integer port) {
        if (port == null) return null;
        MetricsEndpoint m = MetricsEndpoint.start(port);
        out.println("Metrics: " + m.url());
        out.flush();
        return m;
    }

    /** The console's progress line, and the dashboard's, the metrics endpoint's and the windows' feeds when there are. */
    private ProgressListener progress(Dashboard dashboard, MetricsEndpoint metrics, RunWindows windows) {
        List<ProgressListener> all = new ArrayList<>();
        all.add(new ProgressPrinter(out, Terminal.isInteractive(), 5));   // plain line every 5 s off a terminal
        if (dashboard != null) all.add(dashboard.progressListener());
        if (metrics != null) all.add(metrics.metrics().listener());
        if (windows != null) all.add(windows);
        return ProgressFanOut.of(all.toArray(ProgressListener[]::new));
    }

    /** A target lost (only connection failures) or hung (attempts still running past the phase end and its grace). */
    static boolean stoppedAnswering(StopReason r) {
        return r == StopReason.TARGET_LOST || r == StopReason.TARGET_HUNG;
    }

    /**
     * A target that stopped answering first (exit 3), then Ctrl-C (130), then a workload whose own code failed
     * (2: almost always a custom workload's statements or parameters), then the verdicts.
     */
    static int exitCode(List<ScenarioRun> runs, List<ScenarioReport> reports, RunControl control) {
        boolean lost = stoppedAnswering(control.stopReason()) || runs.stream().anyMatch(r -> stoppedAnswering(r.stopReason()));
        if (lost) return ExitCodes.TARGET_UNREACHABLE;
        if (control.stopReason() == StopReason.INTERRUPTED) return ExitCodes.INTERRUPTED;
        if (runs.stream().anyMatch(r -> r.stopReason() == StopReason.WORKLOAD_ERROR)) return ExitCodes.BAD_INPUT;
        return ReportOutputs.overall(reports) == Status.FAILED ? ExitCodes.THRESHOLDS_FAILED : ExitCodes.PASSED;
    }

    /** The run's time limit: {@code run.max_run_time}, or automatic for the plans run {@code times} times (repeats, both sides). */
    private static Duration runLimit(RunConfig config, List<PlannedScenario> plans, int times) {
        if (config.maxRunTime() != null) return config.maxRunTime();
        List<dev.stampede.core.engine.ScenarioPlan> all = new ArrayList<>();
        for (int i = 0; i < times; i++) for (PlannedScenario ps : plans) all.add(ps.plan());
        return RunTimeLimit.automatic(all);
    }

    /**
     * The automatic run limit grown by each capacity search's worst case (every probe it could make, each with up to 10 s
     * of end-of-phase grace and target bookkeeping); a {@code run.max_run_time} the user gave stands.
     */
    private static Duration capacityLimit(RunConfig config, List<PlannedScenario> plans,
                                          dev.stampede.core.capacity.CapacityConfig capacity, Duration limit) {
        if (config.maxRunTime() != null) return limit;
        for (PlannedScenario ps : plans) {
            var s = capacity.forScenario(ps.plan().name());
            if (s.isPresent()) limit = limit.plus(s.get().worstCase()).plus(Duration.ofSeconds(10L * s.get().maxProbes()));
        }
        return limit;
    }

    private Advisor advisor() {
        List<AdvisorRule> rules = new ArrayList<>();
        for (TargetProvider p : registry.providers()) rules.addAll(p.advisorRules());
        return Advisor.withGenericRules(rules);
    }

    /**
     * Builds and writes every report; with a baseline, compares first so that the reports carry the final exit code:
     * a regression turns a pass into {@link ExitCodes#REGRESSION}, a comparison that cannot be made (different
     * scenarios) into {@link ExitCodes#BAD_INPUT}; any other code stands. Returns the exit code.
     */
    private int writeReports(RunConfig config, ReportFiles files, String startedAt, Map<String, Object> target,
                             List<ScenarioReport> reports, List<ScenarioRun> runs, RunControl control, List<String> notes,
                             RunTimeLimit limit, int exitCode, Measurements baseline, CompareRules rules,
                             MetricsEndpoint metrics, boolean byWindows) throws IOException {
        boolean partial = control.isStopped() || reports.stream().anyMatch(ScenarioReport::partial);
        String reason = control.isStopped() ? control.stopReason().description()
                + (control.stopDetail() == null ? "" : ": " + control.stopDetail())
                : reports.stream().filter(ScenarioReport::partial).map(ScenarioReport::stopReason).findFirst().orElse(null);
        if (control.stopReason() == StopReason.TIMEOUT && limit != null) {
            notes.add("the run was stopped at its safety limit of " + dev.stampede.core.config.Durations.format(limit.limit())
                    + " (run.max_run_time; automatic: twice the planned load time plus 2 minutes)");
        }
        List<MetricVerdict> checks = new ArrayList<>();
        List<ReportSection> sections = ReportOutputs.engineSections();
        Map<String, String> legend = ReportOutputs.legend(registry.providers());
        for (TargetProvider p : registry.providers()) {
            for (SuiteCheck c : p.suiteChecks()) checks.addAll(c.evaluate(runs));
            sections.addAll(p.reportSections());
        }
        Map<String, Object> echo = ConfigEcho.of(config);
        RunReport report = new RunReport(RunReport.SCHEMA_VERSION, "stampede", Version.get(), startedAt, Timestamps.now(),
                target, echo, partial, reason, ReportOutputs.overall(reports), reports, notes, checks, legend, exitCode, ConfigEcho.hash(echo));
        Comparison comparison = null;
        if (baseline != null && !reports.isEmpty()) {
            try {
                Measurements current = ReportReader.read(JsonReportWriter.tree(report), "this run");
                comparison = byWindows ? new Comparer(rules).compareWindows(baseline, current) : new Comparer(rules).compare(baseline, current);
                if (exitCode == ExitCodes.PASSED && comparison.verdict() == Change.REGRESSION) exitCode = ExitCodes.REGRESSION;
            } catch (dev.stampede.core.config.ConfigException e) {
                notes.add("not compared with the baseline: " + e.getMessage());
                out.println("stampede: " + e.getMessage());
                if (exitCode == ExitCodes.PASSED || exitCode == ExitCodes.THRESHOLDS_FAILED) exitCode = ExitCodes.BAD_INPUT;
            }
            report = new RunReport(report.schemaVersion(), report.tool(), report.version(), report.startedAt(), report.finishedAt(),
                    target, echo, partial, reason, report.verdict(), reports, notes, checks, legend, exitCode, report.configHash());
        }
        List<Path> written = new ArrayList<>(ReportOutputs.write(report, files, sections, comparison));
        if (metrics != null) written.add(metrics.writeFile(files.dir()));
        if (comparison != null) {
            Path cmpMd = files.dir().resolve("comparison.md");
            java.nio.file.Files.writeString(cmpMd, ComparisonText.markdown(comparison), java.nio.charset.StandardCharsets.UTF_8);
            written.add(cmpMd);
            written.add(BaselineStore.writeJson(comparison, files.dir().resolve("comparison.json")));
        }
        ConsoleSummary.print(report, out);
        if (comparison != null) out.print(ComparisonText.console(comparison));
        out.println("Reports: " + String.join(", ", written.stream().map(Path::toString).toList()));
        out.flush();
        return exitCode;
    }

}
