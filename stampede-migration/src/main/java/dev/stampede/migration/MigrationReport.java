package dev.stampede.migration;

import dev.stampede.core.fault.WriteLedger;
import dev.stampede.core.report.ChartWindows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The report's {@code migration} extra: the phase timeline, each phase's impact on users against the baseline, the
 * backfill, dual-write divergence, shadow reads, the mode switches, both consistency proofs and the acknowledged-writes
 * check against the store that was primary at the end. Seconds since the scenario started. Immutable; serialised as is
 * into report.json, drawn on every chart of report.html as phase windows.
 *
 * @param stoppedIn   why the migration stopped before its last phase (the phase and the error), or null
 * @param finalPrimary the store users were on when the load ended
 */
record MigrationReport(List<Timeline.Phase> phases, List<Timeline.Mark> marks, List<PhaseImpact> impact, Backfill.Result backfill,
                       Divergence.Snapshot dualWrite, ShadowReads.Snapshot shadowReads, List<Map<String, Object>> switches,
                       Verifier.Consistency afterVerify, Verifier.Consistency afterRollback, String finalPrimary,
                       WriteLedger.Check ackedWrites, Map<String, CommandRunner.Result> commands, Map<String, long[]> actions,
                       String stoppedIn) implements ChartWindows {
    static final String KEY = "migration";

    @Override
    public List<Window> chartWindows() {
        List<Window> out = new ArrayList<>();
        for (Timeline.Phase p : phases) {
            if (p.startS() != null && p.endS() != null) out.add(new Window("migration-phase", p.name(), p.startS(), p.endS()));
        }
        // a mark spans until the next mark of its phase, or the phase's end
        for (int i = 0; i < marks.size(); i++) {
            Timeline.Mark m = marks.get(i);
            Double until = i + 1 < marks.size() && marks.get(i + 1).phase().equals(m.phase()) ? Double.valueOf(marks.get(i + 1).atS()) : null;
            if (until == null) {
                for (Timeline.Phase p : phases) if (p.name().equals(m.phase()) && p.endS() != null) until = p.endS();
            }
            out.add(new Window("migration-mark", m.name(), m.atS(), until == null ? m.atS() : until));
        }
        return out;
    }
}
