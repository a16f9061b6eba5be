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

    /**
     * The sections of the extras the engine and session write themselves, not a target: fault timeline and resilience,
     * capacity search and the USL fit, planned against achieved load stages. Targets add theirs through the provider.
     * A new list each call.
     */
    static List<ReportSection> engineSections() {
        List<ReportSection> sections = new ArrayList<>(dev.stampede.core.fault.ChaosSections.all());
        sections.add(new dev.stampede.core.capacity.CapacitySection());
        sections.add(new dev.stampede.core.capacity.ScalingSection());
        sections.add(dev.stampede.core.report.LoadStagesSection.INSTANCE);
        return sections;
    }

    /** The error classes' codes and labels for the report's legend: the engine's, then each target's (first one wins). */
    static Map<String, String> legend(Iterable<dev.stampede.core.target.TargetProvider> providers) {
        Map<String, String> legend = new java.util.TreeMap<>();
        for (dev.stampede.core.api.ErrorClass e : dev.stampede.core.api.ErrorClass.ENGINE) legend.put(e.code(), e.label());
        for (dev.stampede.core.target.TargetProvider p : providers) {
            for (dev.stampede.core.api.ErrorClass e : p.errorClasses()) legend.putIfAbsent(e.code(), e.label());
        }
        return legend;
    }

    /** The run's verdict: the worst scenario's, a warning when no scenario finished. */
    static dev.stampede.core.verdict.Status overall(List<dev.stampede.core.report.ScenarioReport> reports) {
        dev.stampede.core.verdict.Status s = reports.isEmpty() ? dev.stampede.core.verdict.Status.WARNING : dev.stampede.core.verdict.Status.PASSED;
        for (dev.stampede.core.report.ScenarioReport r : reports) s = s.worst(r.verdict());
        return s;
    }
}
