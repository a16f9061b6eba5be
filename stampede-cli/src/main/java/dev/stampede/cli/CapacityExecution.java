package dev.stampede.cli;

import dev.stampede.core.capacity.Bottleneck;
import dev.stampede.core.capacity.CapacityOutcome;
import dev.stampede.core.capacity.CapacityReport;
import dev.stampede.core.capacity.CapacitySearch;
import dev.stampede.core.capacity.CapacitySection;
import dev.stampede.core.capacity.CapacitySettings;
import dev.stampede.core.capacity.ProbeJudge;
import dev.stampede.core.capacity.ProbePlan;
import dev.stampede.core.capacity.ProbeResult;
import dev.stampede.core.capacity.ProbeVerdict;
import dev.stampede.core.capacity.ReportCopies;
import dev.stampede.core.config.PlannedScenario;
import dev.stampede.core.engine.RunControl;
import dev.stampede.core.target.Target;
import dev.stampede.core.verdict.MetricVerdict;
import dev.stampede.core.verdict.Status;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one scenario as a capacity search ({@code --find-capacity}, or a scenario's {@code capacity:}): each probe the
 * {@link CapacitySearch} asks for is a scenario of its own through the same {@link ScenarioExecution} (same engine,
 * monitors, target scopes and findings), judged by {@link ProbeJudge}. The scenario's report is the probe at the
 * sustainable rate (its last confirmation), or the failing one when none passed, renamed to the scenario and carrying
 * the search as its {@code capacity} extra and a {@code capacity} verdict. Session thread only.
 */
final class CapacityExecution {
    private final ScenarioExecution execution;
    private final PrintWriter out;

    CapacityExecution(ScenarioExecution execution, PrintWriter out) {
        this.execution = execution;
        this.out = out;
    }

    ScenarioExecution.Result run(PlannedScenario ps, CapacitySettings settings, String owner, Map<String, Target> targets,
                                 RunControl control) throws Exception {
        String name = ps.plan().name();
        CapacitySearch search = new CapacitySearch(settings);
        ProbeJudge judge = new ProbeJudge(settings);
        int cores = Runtime.getRuntime().availableProcessors();
        List<ScenarioExecution.Result> results = new ArrayList<>();
        out.println("Capacity search of " + name + ": " + targetsLine(settings));
        while (search.next().isPresent()) {
            if (control.isStopped()) {
                search.stop();
                break;
            }
            CapacitySearch.Probe probe = search.next().get();
            PlannedScenario probed = new PlannedScenario(ProbePlan.of(ps.plan(), probe, settings), ps.workload(), ps.users());
            ScenarioExecution.Result r = execution.run(probed, owner, targets, control);
            results.add(r);
            ProbeResult result = ProbeResult.of(probe.rate(), probe.extended(), r.run(), ProbePlan.MEASURED, cores);
            ProbeVerdict verdict = judge.judge(result);
            out.println("  probe " + ProbePlan.name(name, probe.rate()) + " (" + probe.purpose().name().toLowerCase(java.util.Locale.ROOT)
                    + "): " + verdict.label() + " — " + verdict.detail());
            out.flush();
            search.record(result, verdict);
            if (RunSession.stoppedAnswering(r.run().stopReason())) {
                search.stop();
                break;
            }
        }
        if (results.isEmpty()) return execution.run(ps, owner, targets, control);   // stopped before the first probe
        CapacityOutcome outcome = search.outcome();
        List<CapacitySearch.Step> steps = outcome.steps();
        Bottleneck.Finding finding = null;
        int failing = failingStep(outcome);
        if (failing >= 0) {
            CapacitySearch.Step s = steps.get(failing);
            finding = Bottleneck.at(s.result(), s.verdict(), results.get(failing).run(), steps.get(0).result());
        }
        CapacityReport report = CapacityReport.of(outcome, settings, finding);
        out.println("Capacity of " + name + ": " + outcome.summary()
                + (finding == null ? "" : "; bottleneck: " + finding.name() + " (" + finding.evidence() + ")"));
        out.flush();
        int shown = representative(outcome, failing);
        ScenarioExecution.Result base = results.get(shown);
        ScenarioExecution.Result last = results.get(results.size() - 1);
        MetricVerdict verdict = new MetricVerdict("capacity", "Sustainable rate", outcome.sustainableRate() == null ? 0
                : outcome.sustainableRate(), "/s", null, ">=", status(outcome.status()), null, outcome.summary());
        String description = ps.plan().description() + " — capacity search; the numbers below are the probe at "
                + ProbePlan.name(name, steps.get(shown).result().rate());
        return new ScenarioExecution.Result(RunSession.stoppedAnswering(last.run().stopReason()) ? last.run() : base.run(),
                ReportCopies.renamed(base.report(), name, description, verdict, CapacitySection.KEY, report));
    }

    /** The probe the bottleneck is read at: the last at the first failing rate, or the generator-bound one; -1 for none. */
    private static int failingStep(CapacityOutcome o) {
        List<CapacitySearch.Step> steps = o.steps();
        for (int i = steps.size() - 1; i >= 0; i--) {
            ProbeVerdict v = steps.get(i).verdict();
            if (o.status() == CapacitySearch.Status.INCONCLUSIVE_GENERATOR && v.kind() == ProbeVerdict.Kind.GENERATOR_BOUND) return i;
            if (o.firstFailingRate() != null && v.kind() == ProbeVerdict.Kind.FAIL && steps.get(i).result().rate() == o.firstFailingRate()) {
                return i;
            }
        }
        return -1;
    }

    /** The last passing probe at the sustainable rate; else the failing one; else the last. */
    private static int representative(CapacityOutcome o, int failing) {
        List<CapacitySearch.Step> steps = o.steps();
        if (o.sustainableRate() != null) {
            for (int i = steps.size() - 1; i >= 0; i--) {
                if (steps.get(i).verdict().kind() == ProbeVerdict.Kind.PASS && steps.get(i).result().rate() == o.sustainableRate()) return i;
            }
        }
        return failing >= 0 ? failing : steps.size() - 1;
    }

    private static Status status(CapacitySearch.Status s) {
        return switch (s) {
            case FOUND, AT_CEILING -> Status.PASSED;
            case INCONCLUSIVE_GENERATOR, STOPPED -> Status.WARNING;
            case NONE_SUSTAINED -> Status.FAILED;
        };
    }

    private static String targetsLine(CapacitySettings s) {
        List<String> t = new ArrayList<>();
        if (s.p99Ms() != null) t.add("p99 <= " + s.p99Ms() + " ms");
        if (s.errorRatePercent() != null) t.add("errors <= " + s.errorRatePercent() + " %");
        return String.join(", ", t) + String.format(java.util.Locale.ROOT, "; probes of %.0f s after %.0f s warm-up from %s/s, precision %s %%",
                s.probe().toMillis() / 1000.0, s.warmup().toMillis() / 1000.0, s.startRate(), s.precisionPercent());
    }
}
