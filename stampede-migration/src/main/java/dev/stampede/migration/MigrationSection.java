package dev.stampede.migration;

import dev.stampede.core.report.HtmlOut;
import dev.stampede.core.report.MarkdownTable;
import dev.stampede.core.target.ReportSection;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@code migration} extra in report.md and report.html. Stateless. */
final class MigrationSection implements ReportSection {
    private static final List<String> TIMELINE = List.of("phase", "type", "from s", "to s", "router mode at end", "status");
    private static final List<String> IMPACT = List.of("phase", "s", "attempts", "errors", "p50 ms", "p95 ms", "p99 ms", "ok/s",
            "p95 vs baseline", "errors vs baseline", "verdict");
    private static final List<String> CONSISTENCY = List.of("check", "reference", "records", "missing", "extra", "mismatched", "samples");

    @Override public String key() { return MigrationReport.KEY; }

    private static String f(String fmt, Object... a) { return String.format(Locale.ROOT, fmt, a); }

    private static String s(Double v) { return v == null ? "-" : f("%.2f", v); }

    private static List<List<Object>> timeline(MigrationReport r) {
        List<List<Object>> rows = new ArrayList<>();
        for (Timeline.Phase p : r.phases()) rows.add(List.of(p.name(), p.kind(), s(p.startS()), s(p.endS()), p.mode() == null ? "-" : p.mode(), p.status()));
        for (Timeline.Mark m : r.marks()) rows.add(List.of("  mark " + m.name(), "STAMPEDE-PHASE in " + m.phase(), s(m.atS()), "-", "-",
                m.declared() ? "figures of its own" : "not in the phase's marks: counted in " + m.phase()));
        return rows;
    }

    private static List<List<Object>> impact(MigrationReport r) {
        List<List<Object>> rows = new ArrayList<>();
        for (PhaseImpact i : r.impact()) {
            rows.add(List.of(i.phase(), f("%.1f", i.seconds()), i.attempts(), i.errors(), f("%.2f", i.p50Ms()), f("%.2f", i.p95Ms()),
                    f("%.2f", i.p99Ms()), f("%.0f", i.throughputPerSec()), i.p95ChangePct() == null ? "-" : f("%+.1f %%", i.p95ChangePct()),
                    i.errorRateChangePp() == null ? "-" : f("%+.2f pp", i.errorRateChangePp()), i.status().name().toLowerCase(Locale.ROOT)));
        }
        return rows;
    }

    private static List<List<Object>> consistency(MigrationReport r) {
        List<List<Object>> rows = new ArrayList<>();
        for (Verifier.Consistency c : new Verifier.Consistency[]{r.afterVerify(), r.afterRollback()}) {
            if (c == null) continue;
            List<String> samples = new ArrayList<>();
            if (!c.missingSample().isEmpty()) samples.add("missing " + c.missingSample());
            if (!c.extraSample().isEmpty()) samples.add("extra " + c.extraSample());
            if (!c.mismatchedSample().isEmpty()) samples.add("mismatched " + c.mismatchedSample());
            rows.add(List.of(c.when(), c.reference(), c.compared(), c.missing(), c.extra(), c.mismatched(), samples.isEmpty() ? "-" : String.join("; ", samples)));
        }
        return rows;
    }

    private static List<String> facts(MigrationReport r) {
        List<String> out = new ArrayList<>();
        if (r.stoppedIn() != null) out.add("Stopped early: " + r.stoppedIn() + ".");
        Backfill.Result b = r.backfill();
        if (b != null) {
            out.add(f("Backfill: %d rows in %.2f s (%.0f rows/s), %s%s.", b.rows(), b.seconds(), b.rowsPerSec(),
                    b.complete() ? "complete" : "NOT complete in its window", b.skipped().isEmpty() ? ""
                            : f("; injected bug skipped %d keys, for example %s", b.skipped().size(), b.skipped().subList(0, Math.min(5, b.skipped().size())))));
        }
        Divergence.Snapshot d = r.dualWrite();
        if (d != null) {
            out.add(d.writes() == 0 ? "Dual-write divergence: none (every mirror write succeeded)."
                    : f("Dual-write divergence: %d writes reached %s but not the other store; %d keys repaired later (mean %s s, max %s s), "
                    + "%d still divergent at the end; keys %s; cause %s.", d.writes(), "the primary", d.repaired(), s(d.meanRepairS()),
                    s(d.maxRepairS()), d.stillDivergent(), d.sample(), d.reasons().keySet()));
        }
        ShadowReads.Snapshot sh = r.shadowReads();
        if (sh != null && sh.compared() > 0) {
            List<String> samples = new ArrayList<>();
            for (ShadowReads.Sample x : sh.sample()) samples.add(x.key() + " (primary " + x.primary() + ", shadow " + x.shadow() + ")");
            out.add(f("Shadow reads: %d compared, %d mismatched (%.3f %%), %d differed only while a write was in flight (agreed when read "
                    + "again), %d shadow reads failed%s.", sh.compared(), sh.mismatched(), 100 * sh.mismatchRate(), sh.inFlight(), sh.failed(),
                    samples.isEmpty() ? "" : "; samples: " + String.join("; ", samples)));
        }
        for (Map<String, Object> sw : r.switches()) {
            out.add(f("Switch %s -> %s (phase %s, at %s s): users held %s ms (waiting %s ms for attempts in flight), %s records carried over; "
                    + "errors in the phase that followed: %s.", sw.get("from"), sw.get("to"), sw.get("phase"), sw.get("at_s"), sw.get("held_ms"),
                    sw.get("wait_ms"), sw.get("carried"), sw.get("errors_after")));
        }
        if (r.ackedWrites() != null) {
            out.add(f("Acknowledged writes (sessions joined and moves played): %d acknowledged, %d lost in %s, the primary at the end%s.",
                    r.ackedWrites().acknowledged(), r.ackedWrites().lost(), r.finalPrimary(),
                    r.ackedWrites().lostSample().isEmpty() ? "" : "; lost keys " + r.ackedWrites().lostSample()));
        }
        r.commands().forEach((name, c) -> out.add(f("Command phase %s: %s after %.2f s%s.", name,
                c.error() != null ? "did not start (" + c.error() + ")" : c.timedOut() ? "killed at its timeout" : "exit code " + c.exitCode(),
                c.seconds(), c.lastLines().isEmpty() ? "" : "; last output: " + String.join(" | ", c.lastLines()))));
        return out;
    }

    @Override
    public void markdown(Object extra, StringBuilder out) {
        if (!(extra instanceof MigrationReport r)) return;
        out.append("\n#### Migration: phase timeline\n\nSeconds since the scenario started.\n\n");
        MarkdownTable.append(out, TIMELINE, timeline(r));
        out.append("\n#### Migration: impact per phase\n\nEach phase's attempts against the baseline phase (latency from the intended start).\n\n");
        MarkdownTable.append(out, IMPACT, impact(r));
        out.append("\n#### Migration: consistency\n\n");
        MarkdownTable.append(out, CONSISTENCY, consistency(r));
        out.append('\n');
        for (String line : facts(r)) out.append("- ").append(line).append('\n');
    }

    @Override
    public void html(Object extra, HtmlOut out) {
        if (!(extra instanceof MigrationReport r)) return;
        out.subheading("Migration: phase timeline");
        out.paragraph("Seconds since the scenario started; the phases are the shaded windows on the charts.");
        out.table(TIMELINE, timeline(r));
        out.subheading("Migration: impact per phase");
        out.table(IMPACT, impact(r));
        out.subheading("Migration: consistency");
        out.table(CONSISTENCY, consistency(r));
        for (String line : facts(r)) out.paragraph(line);
    }
}
