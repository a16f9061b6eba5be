package dev.stampede.postgres.pgbench;

import dev.stampede.core.report.HtmlOut;
import dev.stampede.core.target.ReportSection;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pgbench section of report.md and report.html: TPS with and without the initial connection time, and per
 * script its transactions, retries and failures by kind and each command's average latency (pgbench's {@code -r}).
 * Stateless.
 */
public final class PgbenchSection implements ReportSection {
    @Override public String key() { return PgbenchReport.KEY; }

    @Override
    public void markdown(Object extra, StringBuilder b) {
        if (!(extra instanceof PgbenchReport r)) return;
        b.append("### pgbench scripts (measured phases)\n\n");
        b.append(f("- Tables: %s, scale %d\n", r.tables(), r.scale()));
        b.append(f("- initial connection time = %.3f ms\n", r.initialConnectionMs()));
        b.append(f("- tps = %.6f (without initial connection time); %.6f with it\n\n", r.tps(), r.tpsWithConnections()));
        for (PgbenchReport.ScriptRow s : r.scripts()) {
            b.append(f("#### %s (weight %s): %,d transactions, %.3f tps; retries %s; failures %s\n\n", s.name(), weight(s.weight()),
                    s.transactions(), s.tps(), kinds(s.retries()), kinds(s.failures())));
            b.append("| line | latency ms | executions | failures | command |\n|---:|---:|---:|---:|---|\n");
            for (PgbenchReport.StatementRow st : s.statements()) {
                b.append(f("| %d | %.3f | %,d | %,d | `%s` |\n", st.line(), st.avgLatencyMs(), st.executions(), st.failures(),
                        st.command().replace("|", "\\|").replace("`", "'")));
            }
            b.append('\n');
        }
    }

    @Override
    public void html(Object extra, HtmlOut out) {
        if (!(extra instanceof PgbenchReport r)) return;
        out.heading("pgbench scripts (measured phases)");
        out.list(List.of(f("Tables: %s, scale %d", r.tables(), r.scale()), f("initial connection time = %.3f ms", r.initialConnectionMs()),
                f("tps = %.6f (without initial connection time); %.6f with it", r.tps(), r.tpsWithConnections())));
        for (PgbenchReport.ScriptRow s : r.scripts()) {
            out.subheading(f("%s (weight %s): %,d transactions, %.3f tps; retries %s; failures %s", s.name(), weight(s.weight()),
                    s.transactions(), s.tps(), kinds(s.retries()), kinds(s.failures())));
            List<List<?>> rows = new ArrayList<>();
            for (PgbenchReport.StatementRow st : s.statements()) {
                rows.add(List.of(HtmlOut.num(st.line(), String.valueOf(st.line())), HtmlOut.num(st.avgLatencyMs(), f("%.3f", st.avgLatencyMs())),
                        HtmlOut.num(st.executions(), f("%,d", st.executions())), HtmlOut.num(st.failures(), f("%,d", st.failures())), st.command()));
            }
            out.table(List.of("line", "latency ms", "executions", "failures", "command"), rows);
        }
    }

    private static String weight(double w) {
        return w == Math.rint(w) ? String.valueOf((long) w) : String.valueOf(w);
    }

    private static String kinds(Map<String, Long> m) {
        if (m.isEmpty()) return "none";
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> b.append(b.isEmpty() ? "" : ", ").append(k).append(' ').append(v));
        return b.toString();
    }

    private static String f(String fmt, Object... args) {
        return String.format(Locale.ROOT, fmt, args);
    }
}
