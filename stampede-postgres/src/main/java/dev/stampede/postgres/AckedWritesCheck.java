package dev.stampede.postgres;

import dev.stampede.core.fault.AckedWrites;
import dev.stampede.core.fault.WriteLedger;
import dev.stampede.core.report.HtmlOut;
import dev.stampede.core.report.MarkdownTable;
import dev.stampede.core.target.ReportSection;
import dev.stampede.core.target.ScenarioFindings;
import dev.stampede.core.util.Secrets;
import dev.stampede.core.verdict.MetricVerdict;
import dev.stampede.postgres.workload.AckedWritesWorkload;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * After an {@code acked-writes} scenario: reads the table back over a direct connection (never through a fault proxy)
 * and classifies every key the ledger handed out (Jepsen's set check). The headline is lost acknowledged writes, a
 * verdict with the limit 0; the counts are the report's {@code acked_writes} extra, rendered by {@link Section}.
 * Stateless.
 */
final class AckedWritesCheck {
    static final String KEY = "acked_writes";

    private AckedWritesCheck() {
    }

    static ScenarioFindings findings(AckedWritesWorkload workload, PgTarget pg) {
        WriteLedger.Check c;
        try (Connection conn = pg.open("stampede-check")) {
            c = workload.check(conn);
        } catch (SQLException e) {
            MetricVerdict v = AckedWrites.unreadable("the table could not be read back to check the writes: " + Secrets.redact(e.getMessage()));
            return new ScenarioFindings(List.of(v), List.of(), Map.of());
        }
        List<MetricVerdict> verdicts = AckedWrites.verdicts(c, "the table");
        return new ScenarioFindings(verdicts, List.of(), Map.of(KEY, c));
    }

    /** The {@code acked_writes} extra in Markdown and HTML. */
    static final class Section implements ReportSection {
        @Override public String key() { return KEY; }

        private static List<List<Object>> rows(WriteLedger.Check c) {
            return List.of(List.of("keys handed out", c.keys()), List.of("acknowledged", c.acknowledged()),
                    List.of("acknowledged and lost", c.lost()), List.of("unknown outcome, present", c.unknownPresent()),
                    List.of("unknown outcome, absent", c.unknownAbsent()), List.of("told failed, yet present", c.failedPresent()),
                    List.of("no outcome recorded", c.pending()), List.of("rows with keys never handed out", c.unexpected()));
        }

        @Override
        public void markdown(Object extra, StringBuilder out) {
            if (!(extra instanceof WriteLedger.Check c)) return;
            out.append("\n#### Acknowledged writes\n\nEvery key written, read back after the load (unknown outcomes are "
                    + "reported as present or absent, never as lost or ok):\n\n");
            MarkdownTable.append(out, List.of("", "writes"), rows(c));
            if (!c.lostSample().isEmpty()) out.append("\nLost keys (sample): ").append(c.lostSample()).append('\n');
        }

        @Override
        public void html(Object extra, HtmlOut out) {
            if (!(extra instanceof WriteLedger.Check c)) return;
            out.subheading("Acknowledged writes");
            out.paragraph("Every key written, read back after the load; unknown outcomes are reported as present or absent, "
                    + "never as lost or ok.");
            out.table(List.of("", "writes"), rows(c));
            if (!c.lostSample().isEmpty()) out.paragraph("Lost keys (sample): " + c.lostSample());
        }
    }
}
