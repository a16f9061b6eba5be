package dev.stampede.cli;

import dev.stampede.core.advisor.Advisor;
import dev.stampede.core.advisor.AdvisorContext;
import dev.stampede.core.advisor.Recommendation;
import dev.stampede.core.api.Monitor;
import dev.stampede.core.config.PlannedScenario;
import dev.stampede.core.config.RunConfig;
import dev.stampede.core.engine.Engine;
import dev.stampede.core.engine.PhaseListener;
import dev.stampede.core.engine.ProgressListener;
import dev.stampede.core.engine.RunControl;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.engine.StopReason;
import dev.stampede.core.api.Workload;
import dev.stampede.core.fault.FaultSchedule;
import dev.stampede.core.fault.FaultTimeline;
import dev.stampede.core.fault.FaultWindow;
import dev.stampede.core.resilience.ResilienceReport;
import dev.stampede.core.resilience.ResilientWorkload;
import dev.stampede.core.host.GeneratorSaturation;
import dev.stampede.core.host.HostMonitor;
import dev.stampede.core.host.ProcessMonitor;
import dev.stampede.core.report.GeneratorMonitor;
import dev.stampede.core.report.ReportBuilder;
import dev.stampede.core.report.ScenarioReport;
import dev.stampede.core.target.ScenarioFindings;
import dev.stampede.core.target.ScenarioScope;
import dev.stampede.core.target.ScenarioUse;
import dev.stampede.core.target.SessionContext;
import dev.stampede.core.target.Target;
import dev.stampede.core.util.Secrets;
import dev.stampede.core.verdict.MetricVerdict;
import dev.stampede.core.verdict.Status;
import dev.stampede.core.verdict.VerdictEvaluator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one planned scenario across the open targets: the workload's owner drives the load, every other open
 * target contributes its monitors and findings; then verdicts, advice and the scenario's report. The same path
 * for every target. Session thread only.
 */
final class ScenarioExecution {
    private final Engine engine;
    private final RunConfig config;
    private final Advisor advisor;
    private final VerdictEvaluator judge;
    private final ProgressListener progress;
    private final SessionContext context;
    private final Integer monitorPid;
    private ShardSession shards;

    ScenarioExecution(Engine engine, RunConfig config, Advisor advisor, ProgressListener progress, SessionContext context) {
        this(engine, config, advisor, progress, context, null);
    }

    /** As above, also sampling the process {@code monitorPid} (null: none) on the generator's host. */
    ScenarioExecution(Engine engine, RunConfig config, Advisor advisor, ProgressListener progress, SessionContext context,
                      Integer monitorPid) {
        this.monitorPid = monitorPid;
        this.engine = engine;
        this.config = config;
        this.advisor = advisor;
        this.judge = new VerdictEvaluator(config.thresholds(), config.ratingBands());
        this.progress = progress;
        this.context = context;
    }

    /** In a distributed run: the shard's roles, start times and result bundle (null: an ordinary run). */
    ScenarioExecution withShards(ShardSession s) {
        this.shards = s;
        return this;
    }

    /** The engine's result and the report built from it. */
    record Result(ScenarioRun run, ScenarioReport report) {
    }

    Result run(PlannedScenario ps, String owner, Map<String, Target> targets, RunControl control) throws Exception {
        Map<String, ScenarioScope> scopes = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Target> e : targets.entrySet()) {
                boolean drives = e.getKey().equals(owner);
                scopes.put(e.getKey(), e.getValue().begin(new ScenarioUse(ps, drives, targets, config.thresholds(),
                        shards == null ? null : shards.role())));
            }
            ScenarioScope driver = scopes.get(owner);
            List<Monitor> monitors = new ArrayList<>();
            List<PhaseListener> listeners = new ArrayList<>();
            for (ScenarioScope s : scopes.values()) {
                control.onAbort(s::abort);
                monitors.addAll(s.monitors());
                listeners.add(s.phaseListener());
            }
            monitors.add(new GeneratorMonitor());
            addHostMonitors(monitors);
            context.out().println("Scenario " + ps.plan().name() + ": " + ReportBuilder.describeLoad(ps.plan().phases()));
            Workload workload = driver.workload();
            ResilientWorkload resilient = null;
            if (ps.resilience() != null) {
                workload = resilient = new ResilientWorkload(workload, ps.resilience(), engine.clock());
                context.out().println("  resilience policy: " + ResilienceReport.describe(ps.resilience()));
            }
            FaultSchedule faults = null;
            if (!ps.faults().isEmpty()) {
                faults = new FaultSchedule(ps.faults(), context.routes(), engine.clock());
                listeners.add(faults);
                context.out().println("  faults: " + ps.faults().size() + " window(s) on " + ps.faults().stream()
                        .map(FaultWindow::target).distinct().toList());
            }
            long[] scenarioStart = new long[1];
            listeners.add(new PhaseListener() {
                @Override public void scenarioStarted(long startNanos) { scenarioStart[0] = startNanos; }
                @Override public void phaseStarted(dev.stampede.core.engine.PhasePlan phase) { }
                @Override public void phaseEnded(dev.stampede.core.engine.PhasePlan phase) { }
            });
            if (shards != null) listeners.add(shards.clockListener(ps.plan().name()));
            context.out().flush();
            if (shards != null) shards.awaitStart(ps.plan().name(), control, context.out(), targets);
            ScenarioRun run;
            if (faults != null) {
                FaultSchedule f = faults;
                control.excuseTargetLoss(() -> f.outage(engine.clock().nanoTime()));
            }
            try {
                run = engine.runScenario(ps.plan(), workload, monitors, control, progress, PhaseListener.all(listeners),
                        shards == null ? Engine.NOT_ALIGNED : shards.anchorNanos(engine.clock()));
            } finally {
                control.excuseTargetLoss(null);
                if (faults != null) faults.close();
            }
            Map<String, Object> chaos = new LinkedHashMap<>();
            if (faults != null) chaos.put(FaultTimeline.KEY, faults.timeline(run));
            if (resilient != null) {
                chaos.put(ResilienceReport.KEY, ResilienceReport.of(ps.resilience(), resilient.stats(),
                        resilient.breaker() == null ? null : resilient.breaker().getState().name().toLowerCase(java.util.Locale.ROOT),
                        scenarioStart[0], run.elapsedSeconds(), faults == null ? List.of() : faults.appliedNanos()));
            }

            List<MetricVerdict> verdicts = new ArrayList<>(judged(judge.evaluate(run, driver.judgePoolUsage()), ps, driver,
                    (FaultTimeline) chaos.get(FaultTimeline.KEY)));
            GeneratorSaturation.check(run.monitors(), Runtime.getRuntime().availableProcessors()).ifPresent(v -> {
                verdicts.add(v);
                context.note(run.plan().name() + ": " + v.reason());
            });
            if (run.stopReason() == StopReason.TIMEOUT) {
                verdicts.add(new MetricVerdict("run_time_limit", "Run time limit", run.elapsedSeconds(), "s",
                        config.testTimeout() == null ? null : (double) config.testTimeout().toSeconds(), "<=", Status.FAILED, null,
                        "the scenario was stopped at the time limit (TEST_TIMEOUT or run.max_run_time) before its planned end"));
            }
            List<Recommendation> recs = new ArrayList<>(advisor.advise(run, new AdvisorContext(config.thresholds(), driver.poolMax())));
            Map<String, Object> extras = new LinkedHashMap<>(chaos);
            if (RunSession.stoppedAnswering(run.stopReason())) {
                context.note(run.plan().name() + ": the targets' end-of-scenario statistics were not read, because the target "
                        + "stopped answering (" + run.stopReason().description() + ")");
                for (Map.Entry<String, ScenarioScope> e : scopes.entrySet()) {
                    ScenarioFindings f = partialFindings(e.getKey(), e.getValue(), run);
                    verdicts.addAll(f.verdicts());
                    recs.addAll(f.recommendations());
                    extras.putAll(f.extras());
                }
            } else {
                for (Map.Entry<String, ScenarioScope> e : scopes.entrySet()) {
                    ScenarioFindings f = findings(e.getKey(), e.getValue(), run);
                    verdicts.addAll(f.verdicts());
                    recs.addAll(f.recommendations());
                    extras.putAll(f.extras());
                }
            }
            recs.sort(Advisor.BY_SEVERITY);
            if (shards != null) shards.ended(run, driver.workloadDescription(), driver.judgePoolUsage());
            return new Result(run, ReportBuilder.scenario(run, driver.workloadDescription(), verdicts, recs, extras));
        } finally {
            for (ScenarioScope s : scopes.values()) {
                try {
                    s.close();
                } catch (RuntimeException ignored) {
                    // closing one target's scenario must not keep the others open
                }
            }
        }
    }

    /**
     * The generic verdicts of a scenario that errs on purpose (fault windows, or a scope's {@code errorsByDesign}) reported
     * but not judged, and a recovery verdict per fault window; other scenarios' unchanged.
     */
    private static List<MetricVerdict> judged(List<MetricVerdict> verdicts, PlannedScenario ps, ScenarioScope driver, FaultTimeline faults) {
        if (faults != null) {
            List<MetricVerdict> out = new ArrayList<>(dev.stampede.core.fault.FaultVerdicts.notJudged(verdicts, ps.faults().size()
                    + " fault window(s) put errors here on purpose; judged by the recovery after each and the targets' checks"));
            out.addAll(dev.stampede.core.fault.FaultVerdicts.recovery(faults));
            return out;
        }
        String why = driver.errorsByDesign();
        return why == null ? verdicts : dev.stampede.core.fault.FaultVerdicts.notJudged(verdicts, why);
    }

    /**
     * The generator host's monitor (OSHI) and the {@code --monitor-pid} process's. A host whose counters OSHI cannot
     * read costs those series, never the scenario.
     */
    private void addHostMonitors(List<Monitor> monitors) {
        try {
            monitors.add(new HostMonitor());
            if (monitorPid != null) monitors.add(new ProcessMonitor(monitorPid));
        } catch (RuntimeException | LinkageError e) {
            context.note("host monitoring is off: OSHI could not read this host (" + e.getClass().getSimpleName() + ": "
                    + Secrets.redact(e.getMessage()) + ")");
        }
    }

    /** As {@link #findings}, when a target stopped answering: only what the scopes hold on the client side. */
    private ScenarioFindings partialFindings(String target, ScenarioScope scope, ScenarioRun run) {
        try {
            return scope.partialFindings(run);
        } catch (RuntimeException e) {
            context.note(target + ": the partial findings of " + run.plan().name() + " failed (" + e.getClass().getSimpleName() + ": "
                    + Secrets.redact(e.getMessage()) + ")");
            return ScenarioFindings.NONE;
        }
    }

    /** A target that cannot say what it saw costs its section, never the scenario's report. */
    private ScenarioFindings findings(String target, ScenarioScope scope, ScenarioRun run) {
        try {
            return scope.finish(run);
        } catch (Exception e) {
            context.note(target + ": the end-of-scenario statistics of " + run.plan().name() + " could not be read ("
                    + e.getClass().getSimpleName() + ": " + Secrets.redact(e.getMessage()) + "); its section is missing");
            return ScenarioFindings.NONE;
        }
    }
}
