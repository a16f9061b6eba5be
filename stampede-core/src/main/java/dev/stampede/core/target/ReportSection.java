package dev.stampede.core.target;

import dev.stampede.core.report.HtmlOut;
import dev.stampede.core.report.RunReport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A target's own part of the reports. A scenario's findings carry the section's data under {@link #key()} in
 * {@link dev.stampede.core.report.ScenarioReport#extras()}; the JSON report serialises it as is, and the Markdown,
 * HTML and CSV writers call this section for it. One extension point, so report writers need no target-specific code.
 */
public interface ReportSection {

    /** The extras key this section renders, for example {@code database_health}. */
    String key();

    /** Appends this scenario's section to {@code report.md}; {@code extra} is what the scenario stored. */
    void markdown(Object extra, StringBuilder out);

    /**
     * Writes this scenario's section of {@code report.html} into {@code out}, which escapes everything it is given,
     * so a section cannot inject markup. The default shows the {@link #markdown} rendering as preformatted text;
     * a target overrides it with headings and tables. Called once per scenario that has the extra, on the thread
     * writing the reports.
     */
    default void html(Object extra, HtmlOut out) {
        StringBuilder md = new StringBuilder();
        markdown(extra, md);
        if (!md.isEmpty()) out.preformatted(md.toString());
    }

    /** Writes this section's CSV files into {@code dir} for the whole run; returns them (none when no data). */
    default List<Path> csv(RunReport report, Path dir) throws IOException { return List.of(); }
}
