package dev.stampede.cli;

import dev.stampede.core.advisor.Advisor;
import dev.stampede.core.advisor.AdvisorContext;
import dev.stampede.core.advisor.Recommendation;
import dev.stampede.core.api.Monitor;
import dev.stampede.core.api.TargetUnreachableException;
import dev.stampede.core.api.Workload;
import dev.stampede.core.config.ConfigBinder;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.config.ConfigTree;
import dev.stampede.core.config.PlanBuilder;
import dev.stampede.core.config.PlannedScenario;
import dev.stampede.core.config.RunConfig;
import dev.stampede.core.engine.Engine;
import dev.stampede.core.engine.NanoClock;
import dev.stampede.core.engine.RunControl;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.engine.StopReason;
import dev.stampede.core.report.ConsoleSummary;
import dev.stampede.core.report.CsvReportWriter;
import dev.stampede.core.report.GeneratorMonitor;
import dev.stampede.core.report.JsonReportWriter;
import dev.stampede.core.report.MarkdownReportWriter;
import dev.stampede.core.report.ProgressPrinter;
import dev.stampede.core.report.ReportBuilder;
import dev.stampede.core.report.RunReport;
import dev.stampede.core.report.ScenarioReport;
import dev.stampede.core.util.Secrets;
import dev.stampede.core.verdict.MetricVerdict;
import dev.stampede.core.verdict.Status;
import dev.stampede.core.verdict.VerdictEvaluator;
import dev.stampede.postgres.DatabaseUrl;
import dev.stampede.postgres.EmbeddedPostgres;
import dev.stampede.postgres.PgAdvisorRules;
import dev.stampede.postgres.PgTarget;
import dev.stampede.postgres.PreparedWorkload;
import dev.stampede.postgres.health.HealthAdvisor;
import dev.stampede.postgres.health.HealthCsv;
import dev.stampede.postgres.health.HealthMarkdown;
import dev.stampede.postgres.health.HealthReport;
import dev.stampede.postgres.health.PgHealth;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One {@code stampede run}: configuration, target (embedded or the user's), data, scenarios, verdicts
 * and reports. Whatever ran is reported, also after Ctrl-C or a lost target (marked partial). Not
 * thread-safe; one session per run.
 */
final class RunSession {
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean verbose;

    RunSession(PrintWriter out, PrintWriter err, boolean verbose) {
        this.out = out;
        this.err = err;
        this.verbose = verbose;
    }

    int run(Path configFile, List<ConfigBinder.Setting> flags, Map<String, String> env) throws Exception {
        List<String> notes = new ArrayList<>();
        ConfigTree tree = ConfigBinder.layer(configFile, env, flags, notes);
        RunConfig config = ConfigBinder.bind(tree, notes);
        List<PlannedScenario> plans = PlanBuilder.build(config, notes);
        for (String n : notes) out.println("note: " + n);
        Path outputDir = createOutputDir(config.outputDir());

        String startedAt = Instant.now().toString();
        RunControl control = new RunControl();
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

        EmbeddedPostgres embedded = null;
        PgHealth health = null;
        List<ScenarioReport> reports = new ArrayList<>();
        List<ScenarioRun> runs = new ArrayList<>();
        Map<String, Object> target = new LinkedHashMap<>();
        boolean lost = false;
        try {
            DatabaseUrl url;
            if (config.database().url() == null) {
                out.println("No DATABASE_URL set: starting an embedded PostgreSQL (temporary; fsync on; pg_stat_statements preloaded)...");
                out.flush();
                embedded = EmbeddedPostgres.start();
                url = DatabaseUrl.parse(embedded.url(), "the embedded server");
                target.put("database", "embedded PostgreSQL on port " + embedded.port() + " (temporary, removed after the run)");
            } else {
                url = DatabaseUrl.parse(config.database().url(), tree.origin("database.url"));
                target.put("database", url.redacted());
            }
            PgTarget pg = PgTarget.connect(url, config.database());
            String server = pg.serverVersion();
            target.put("server", server);
            target.put("schema", config.database().schema());
            out.println("Target: " + url.redacted() + " (" + server + "); Stampede writes only to schema " + config.database().schema());
            Map<String, PreparedWorkload> preparedByType = new java.util.HashMap<>();
            health = openHealth(pg, config, notes);

            Engine engine = new Engine(NanoClock.SYSTEM, Engine.Settings.defaults(config.seed()).withThreads(config.threads()));
            ProgressPrinter progress = new ProgressPrinter(out, Terminal.isInteractive(), 10);
            Advisor advisor = Advisor.withGenericRules(PgAdvisorRules.ALL);
            VerdictEvaluator judge = new VerdictEvaluator(config.thresholds(), config.ratingBands());
            for (PlannedScenario ps : plans) {
                if (control.isStopped()) break;
                PreparedWorkload prepared = preparedByType.get(ps.workload().type());
                if (prepared == null) {
                    out.println("Preparing workload '" + ps.workload().type() + "' (scale " + ps.workload().scale() + ")...");
                    out.flush();
                    prepared = prepare(pg, config, ps.workload());
                    preparedByType.put(ps.workload().type(), prepared);
                }
                out.println("Scenario " + ps.plan().name() + ": " + ReportBuilder.describeLoad(ps.plan().phases()));
                out.flush();
                PgHealth.Session db = health == null ? null : health.begin();
                ScenarioRun run;
                Workload workload;
                int poolMax;
                try (PgTarget.Pool pool = pg.pool(ps.users())) {
                    control.onAbort(pool::abort);
                    pool.warm(Duration.ofSeconds(15));
                    workload = prepared.bind(pool.dataSource(), ps.workload());
                    poolMax = pool.max();
                    List<Monitor> monitors = new ArrayList<>(List.of(pool.monitor(), new GeneratorMonitor()));
                    if (db != null) monitors.addAll(db.monitors());
                    run = engine.runScenario(ps.plan(), workload, monitors, control, progress);
                }
                List<MetricVerdict> verdicts = new ArrayList<>(judge.evaluate(run, config.database().poolSize() != null));
                if (run.stopReason() == StopReason.TIMEOUT) {
                    verdicts.add(new MetricVerdict("run_time_limit", "Run time limit", run.elapsedSeconds(), "s",
                            (double) config.testTimeout().toSeconds(), "<=", Status.FAILED, null,
                            "the scenario was stopped at TEST_TIMEOUT before its planned end"));
                }
                List<Recommendation> recs = new ArrayList<>(advisor.advise(run, new AdvisorContext(config.thresholds(), poolMax)));
                Map<String, Object> extras = new LinkedHashMap<>();
                lost |= run.stopReason() == StopReason.TARGET_LOST;
                if (db != null && !lost) {
                    HealthReport hr = db.finish(run, workload, config.thresholds()::slowMs);
                    recs.addAll(HealthAdvisor.advise(hr, run, poolMax));
                    recs.sort(Advisor.BY_SEVERITY);
                    extras.put(HealthReport.KEY, hr);
                }
                reports.add(ReportBuilder.scenario(run, prepared.describe(ps.workload()), verdicts, recs, extras));
                runs.add(run);
            }
        } finally {
            try {
                if (!reports.isEmpty() || control.isStopped()) {
                    writeReports(config, outputDir, startedAt, target, reports, runs, control, notes);
                }
            } finally {
                if (health != null) health.close();
                if (embedded != null) embedded.close();
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the hook is running and waits for 'finished'
                }
            }
        }
        if (lost) return ExitCodes.TARGET_UNREACHABLE;
        if (control.stopReason() == StopReason.INTERRUPTED) return ExitCodes.INTERRUPTED;
        Status overall = overall(reports);
        return overall == Status.FAILED ? ExitCodes.THRESHOLDS_FAILED : ExitCodes.PASSED;
    }

    private static PreparedWorkload prepare(PgTarget pg, RunConfig config, dev.stampede.core.config.WorkloadConfig workload)
            throws SQLException, TargetUnreachableException {
        try {
            return PreparedWorkload.prepare(pg, workload);
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.equals("42501")) {
                throw new ConfigException("user '" + pg.url().user() + "' may not create schema '" + config.database().schema()
                        + "' or its tables (" + Secrets.redact(e.getMessage()) + "); grant CREATE on the database, "
                        + "or pick a schema the user owns with database.schema");
            }
            if (state.startsWith("08")) {
                throw new TargetUnreachableException("lost the connection to " + pg.url().redacted()
                        + " while loading data: " + Secrets.redact(e.getMessage()), e);
            }
            throw e;
        }
    }

    /** Opens database monitoring; a failure costs the health section, never the run. */
    private PgHealth openHealth(PgTarget pg, RunConfig config, List<String> notes) {
        if (!config.dbMonitors()) return null;
        try {
            PgHealth h = PgHealth.open(pg);
            for (String m : h.capabilities().missing()) out.println("note: " + m);
            return h;
        } catch (SQLException e) {
            String n = "database monitoring is off for this run: " + Secrets.redact(e.getMessage());
            notes.add(n);
            out.println("note: " + n);
            return null;
        }
    }

    private static Path createOutputDir(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigException("cannot create the output directory " + dir + " (" + e.getMessage()
                    + "); choose a writable one with --output");
        }
    }

    private void writeReports(RunConfig config, Path dir, String startedAt, Map<String, Object> target,
                              List<ScenarioReport> reports, List<ScenarioRun> runs, RunControl control, List<String> notes)
            throws IOException {
        boolean partial = control.isStopped() || reports.stream().anyMatch(ScenarioReport::partial);
        String reason = control.isStopped() ? control.stopReason().description()
                : reports.stream().filter(ScenarioReport::partial).map(ScenarioReport::stopReason).findFirst().orElse(null);
        RunReport report = new RunReport(RunReport.SCHEMA_VERSION, "stampede", Version.get(), startedAt, Instant.now().toString(),
                target, ConfigEcho.of(config), partial, reason, overall(reports), reports, notes,
                dev.stampede.core.verdict.SuiteChecks.evaluate(runs));
        List<Path> files = new ArrayList<>();
        files.add(JsonReportWriter.write(report, dir));
        files.add(new MarkdownReportWriter(Map.of(HealthReport.KEY, new HealthMarkdown())).write(report, dir));
        files.addAll(CsvReportWriter.write(report, dir));
        files.addAll(HealthCsv.write(report, dir));
        ConsoleSummary.print(report, out);
        out.println("Reports: " + String.join(", ", files.stream().map(Path::toString).toList()));
        out.flush();
    }

    private static Status overall(List<ScenarioReport> reports) {
        Status s = reports.isEmpty() ? Status.WARNING : Status.PASSED;
        for (ScenarioReport r : reports) s = s.worst(r.verdict());
        return s;
    }
}
