package dev.stampede.cli;

import dev.stampede.core.report.CsvReportWriter;
import dev.stampede.core.report.HtmlReportWriter;
import dev.stampede.core.report.JUnitReportWriter;
import dev.stampede.core.report.JsonReportWriter;
import dev.stampede.core.report.MarkdownReportWriter;
import dev.stampede.core.report.RunReport;
import dev.stampede.core.report.SummaryMarkdownWriter;
import dev.stampede.core.target.ReportSection;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link RunReport} in every format a run writes (JSON, Markdown, HTML, CSV, JUnit XML, summary.md), with the
 * targets' sections (and their CSV files), through the same writers: {@code stampede run} and {@code stampede merge}
 * write through this one pipeline. Stateless.
 */
final class ReportOutputs {
    private ReportOutputs() {
    }

    /**
     * @param comparison the run against a baseline, judged in the JUnit XML and summary.md; null when none
     * @return the files written
     */
    static List<Path> write(RunReport report, ReportFiles files, List<ReportSection> sections,
                            dev.stampede.core.compare.Comparison comparison) throws IOException {
        List<Path> written = new ArrayList<>();
        written.add(JsonReportWriter.write(report, files.dir(), files.jsonName()));
        Map<String, MarkdownReportWriter.Section> md = new LinkedHashMap<>();
        for (ReportSection s : sections) md.put(s.key(), s::markdown);
        written.add(new MarkdownReportWriter(md).write(report, files.dir()));
        Map<String, HtmlReportWriter.Section> html = new LinkedHashMap<>();
        for (ReportSection s : sections) html.put(s.key(), s::html);
        written.add(new HtmlReportWriter(html).write(report, files.dir()));
        written.addAll(CsvReportWriter.write(report, files.dir()));
        for (ReportSection s : sections) written.addAll(s.csv(report, files.dir()));
        written.add(JUnitReportWriter.write(report, comparison, files.dir()));
        written.add(SummaryMarkdownWriter.write(report, comparison, files.dir()));
        return written;
    }
}
