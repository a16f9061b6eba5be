package dev.stampede.core.report;

import dev.stampede.core.advisor.Recommendation;
import dev.stampede.core.config.Durations;
import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.MonitorSeries;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.verdict.MetricVerdict;
import dev.stampede.core.verdict.VerdictEvaluator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Assembles a {@link ScenarioReport} from an engine result and its judgements. Stateless. */
public final class ReportBuilder {
    private ReportBuilder() {
    }

    /** @param workload how the workload is described in reports ("game (scale 1, 70% reads...)") */
    public static ScenarioReport scenario(ScenarioRun run, String workload, List<MetricVerdict> verdicts,
                                          List<Recommendation> recs, Map<String, Object> extras) {
        List<ScenarioReport.Monitor> monitors = new ArrayList<>();
        for (MonitorSeries s : run.monitors()) {
            monitors.add(new ScenarioReport.Monitor(s.monitor(), s.error(), GaugeSummary.of(s, s.counters()), s.points()));
        }
        var planned = run.plan().plannedDuration();
        Map<String, Object> allExtras = new java.util.LinkedHashMap<>(extras);
        LoadStagesSection.addTo(allExtras, run.plan().phases(), run.metrics().series());
        return new ScenarioReport(run.plan().name(), run.plan().description(), workload, describeLoad(run.plan().phases()),
                run.phasesRun(), Timestamps.iso(run.startedAtMillis()),
                planned == null ? -1 : planned.toMillis() / 1000.0, run.elapsedSeconds(), run.measuredSeconds(),
                run.partial(), run.stopReason().description(), VerdictEvaluator.overall(verdicts), run.metrics().all(),
                run.metrics().operations(), run.metrics().startLag(), run.metrics().droppedArrivals(), verdicts, recs,
                monitors, allExtras, run.metrics().series(), latencyFrom(run.plan().phases()), run.stopDetail(), run.stalls());
    }

    /** Intended start where every recorded phase has a schedule (open model or paced users); otherwise actual start. */
    static String latencyFrom(List<PhasePlan> phases) {
        boolean scheduled = true;
        for (PhasePlan p : phases) {
            if (!p.recorded()) continue;
            if (p.model() instanceof LoadModel.Closed c && !c.paced()) scheduled = false;
        }
        return scheduled ? INTENDED : ACTUAL;
    }

    /** Latency of scheduled attempts (open model, paced users): queueing behind a slow target included. */
    public static final String INTENDED = "intended start";
    /** Latency of an unpaced closed model: a user waits for its previous attempt, so client-side queueing is not in it. */
    public static final String ACTUAL = "actual start (closed model without pace: excludes client-side queueing; "
            + "use --qps-target or --pace for latency from a schedule)";

    /** "closed, 20 users, ramp 30s, 5m; open, 2000/s poisson, up to 50 in flight, 10m". */
    public static String describeLoad(List<PhasePlan> phases) {
        List<String> parts = new ArrayList<>();
        for (PhasePlan p : phases) {
            String model = switch (p.model()) {
                case LoadModel.Closed c -> "closed model, " + (c.stages() != null ? "stages " + c.stages().describe("users")
                        : c.users() + " users") + (c.rampUp().isZero() ? "" : ", ramp-up " + Durations.format(c.rampUp()))
                        + (c.thinkTime().isZero() ? "" : ", think " + Durations.format(c.thinkTime()))
                        + (c.paced() ? ", pace " + Durations.format(c.pace()) : "");
                case LoadModel.Open o -> String.format(Locale.ROOT, "open model, %s %s arrivals, up to %d in flight",
                        o.rateStages() != null ? "stages " + o.rateStages().describe("/s") : String.format(Locale.ROOT, "%.0f/s", o.ratePerSecond()),
                        o.arrivals().name().toLowerCase(Locale.ROOT), o.maxInFlight());
            };
            String len = p.duration() != null ? Durations.format(p.duration()) : "";
            if (p.iterations() > 0) len += (len.isEmpty() ? "" : " or ") + p.iterations() + " iterations";
            parts.add(p.name() + (p.recorded() ? "" : " (not recorded)") + ": " + model + ", " + len);
        }
        return String.join("; ", parts);
    }
}
