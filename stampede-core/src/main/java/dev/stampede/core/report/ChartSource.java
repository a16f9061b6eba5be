package dev.stampede.core.report;

import java.util.List;

/**
 * An extra (a {@link ScenarioReport#extras()} value) that brings charts of its own to report.html, drawn with the same
 * uPlot code as the time charts. Its section places each with {@link HtmlOut#chart(String)}; {@link HtmlChartData}
 * embeds the data. Implementations are immutable.
 */
public interface ChartSource {

    /**
     * One chart over a numeric x that is not time (offered rate, concurrency).
     *
     * @param key    unique within the scenario; the section's {@code HtmlOut.chart(key)} places it
     * @param xLabel the x axis's label, with its unit
     * @param unit   the y axis's unit
     * @param x      ascending x values
     * @param labels one per series
     * @param ys     one array per series, as long as {@code x}; NaN where a series has no value
     * @param logX   a log-scaled x axis
     * @param points draw each value as a point as well as the line (measured values among modelled ones)
     */
    record XyChart(String key, String title, String xLabel, String unit, double[] x, List<String> labels, List<double[]> ys,
                   boolean logX, boolean points) {
        public XyChart {
            labels = List.copyOf(labels);
            ys = List.copyOf(ys);
        }
    }

    /** The charts, in the order the section places them. */
    List<XyChart> charts();
}
