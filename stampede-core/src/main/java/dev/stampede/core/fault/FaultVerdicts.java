package dev.stampede.core.fault;

import dev.stampede.core.verdict.MetricVerdict;
import dev.stampede.core.verdict.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Verdicts of a scenario that puts errors on its target on purpose (fault windows, or an overload meant to exhaust a
 * pool): the whole-scenario error, latency and connection verdicts would only restate the fault, so they are kept with
 * their values but not judged ({@link #notJudged}); the judgement is the recovery after each fault ({@link #recovery})
 * and the checks of the targets (lost acknowledged writes, leaked connections). Stateless.
 */
public final class FaultVerdicts {
    /** The generic verdicts a deliberate fault makes meaningless: the evaluator's own list, so the names cannot drift. */
    static final Set<String> GENERIC = dev.stampede.core.verdict.VerdictEvaluator.LOAD_METRICS;

    private FaultVerdicts() {
    }

    /** {@code verdicts} with each of {@link #GENERIC} passed as "not judged: {@code why}", its value and measured status kept in the reason. */
    public static List<MetricVerdict> notJudged(List<MetricVerdict> verdicts, String why) {
        List<MetricVerdict> out = new ArrayList<>(verdicts.size());
        for (MetricVerdict v : verdicts) {
            if (!GENERIC.contains(v.metric()) || v.status() == Status.PASSED) {
                out.add(v);
                continue;
            }
            out.add(new MetricVerdict(v.metric(), v.label(), v.value(), v.unit(), v.limit(), v.comparator(), Status.PASSED, v.rating(),
                    "not judged: " + why + " (it would be " + v.status().name().toLowerCase(Locale.ROOT)
                            + (v.reason() == null ? "" : ": " + v.reason()) + ")"));
        }
        return out;
    }

    /**
     * One verdict per window: passed when the service recovered after it (with the time), failed when it was applied and
     * never recovered or could not be applied, a warning when the scenario ended before it started.
     */
    public static List<MetricVerdict> recovery(FaultTimeline timeline) {
        List<MetricVerdict> out = new ArrayList<>();
        int i = 0;
        for (FaultTimeline.Window w : timeline.windows()) {
            i++;
            String label = "Recovery after fault #" + i + " (" + w.target() + " " + w.kind() + ")";
            String metric = "fault_recovery_s:" + i;
            if (w.appliedStartS() == null) {
                boolean failedToApply = w.recovery() != null && w.recovery().startsWith("could not be applied");
                out.add(new MetricVerdict(metric, label, Double.NaN, "s", null, "<=", failedToApply ? Status.FAILED : Status.WARNING, null,
                        w.recovery()));
            } else if (w.recoveryS() == null) {
                out.add(new MetricVerdict(metric, label, Double.NaN, "s", null, "<=", Status.FAILED, null, w.recovery()));
            } else {
                out.add(new MetricVerdict(metric, label, w.recoveryS(), "s", null, "<=", Status.PASSED, null,
                        String.format(Locale.ROOT, "recovered %.1f s after the fault ended: %s", w.recoveryS(), w.recovery())));
            }
        }
        return out;
    }
}
