package dev.stampede.postgres.health;

import dev.stampede.core.report.HtmlOut;
import dev.stampede.core.report.RunReport;
import dev.stampede.core.target.ReportSection;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The database health section of the reports: {@link HealthMarkdown} in report.md, {@link HealthHtml} in report.html,
 * {@link HealthCsv}'s pg_statements.csv, pg_tables.csv and pg_cross_check.csv; report.json carries the
 * {@link HealthReport} as is.
 */
public final class HealthSection implements ReportSection {
    private final HealthMarkdown markdown = new HealthMarkdown();
    private final HealthHtml html = new HealthHtml();

    @Override public String key() { return HealthReport.KEY; }

    @Override public void markdown(Object extra, StringBuilder out) { markdown.render(extra, out); }

    @Override public void html(Object extra, HtmlOut out) { html.render(extra, out); }

    @Override public List<Path> csv(RunReport report, Path dir) throws IOException { return HealthCsv.write(report, dir); }
}
