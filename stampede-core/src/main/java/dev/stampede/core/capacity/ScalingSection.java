package dev.stampede.core.capacity;

import dev.stampede.core.report.HtmlOut;
import dev.stampede.core.target.ReportSection;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The USL fit of a concurrency sweep in report.md and report.html: the summary, the chart, the measured points. Stateless. */
public final class ScalingSection implements ReportSection {
    @Override
    public String key() {
        return ScalingSweeps.KEY;
    }

    @Override
    public void markdown(Object extra, StringBuilder out) {
        if (!(extra instanceof ScalingReport s)) return;
        out.append("\n### Scalability (USL)\n\n").append(s.summary()).append("\n\n| Scenario | Users | Measured /s | Modelled /s |\n|---|---|---|---|\n");
        for (ScalingReport.Point p : s.points()) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %s |%n", p.scenario(), p.concurrency(), p.throughput(),
                    s.fit() == null ? "—" : String.format(Locale.ROOT, "%.1f", s.fit().throughput(p.concurrency()))));
        }
        out.append('\n');
    }

    @Override
    public void html(Object extra, HtmlOut out) {
        if (!(extra instanceof ScalingReport s)) return;
        out.heading("Scalability (USL)");
        out.paragraph(s.summary());
        out.chart(ScalingReport.CHART);
        List<List<?>> rows = new ArrayList<>();
        for (ScalingReport.Point p : s.points()) {
            double model = s.fit() == null ? Double.NaN : s.fit().throughput(p.concurrency());
            rows.add(List.of(p.scenario(), p.concurrency(), HtmlOut.num(p.throughput(), String.format(Locale.ROOT, "%.1f", p.throughput())),
                    s.fit() == null ? "—" : HtmlOut.num(model, String.format(Locale.ROOT, "%.1f", model))));
        }
        out.table(List.of("Scenario", "Users", "Measured /s", "Modelled /s"), rows);
    }
}
