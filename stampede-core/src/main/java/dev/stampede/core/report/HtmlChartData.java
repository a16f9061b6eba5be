package dev.stampede.core.report;

import dev.stampede.core.engine.MonitorSeries;
import dev.stampede.core.engine.Stall;
import dev.stampede.core.metrics.IntervalRow;
import dev.stampede.core.metrics.LatencyStats;
import dev.stampede.core.metrics.OperationSummary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The data report.html's charts draw, taken from a {@link RunReport} as is (no second computation): per scenario
 * the per-second series of the ALL row (throughput, errors, latency), each operation's throughput, each monitor's
 * series, the phase and stall windows, and each operation's percentile spectrum ({@link LatencyStats#spectrum()}).
 * Series longer than {@link #MAX_POINTS} are thinned by {@link SeriesDownsampler}, which keeps spikes. The result is
 * plain maps and lists for Jackson; a missing value is null. Stateless and thread-safe.
 *
 * <p>Units: x is seconds since the scenario started (warm-up included), for the time series and monitors alike, so
 * one cursor and one zoom fit every chart of a scenario; latency is milliseconds, rates are per second.
 */
final class HtmlChartData {
    /** Points per chart at most: plenty for a screen's width, small enough for an hour-long run. */
    static final int MAX_POINTS = 1200;

    private HtmlChartData() {
    }

    static Map<String, Object> of(RunReport r) {
        List<Object> scenarios = new ArrayList<>();
        for (ScenarioReport s : r.scenarios()) scenarios.add(scenario(s));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scenarios", scenarios);
        return out;
    }

    private static Map<String, Object> scenario(ScenarioReport s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("id", HtmlEscape.id(s.name()));
        m.put("windows", windows(s));
        List<Object> charts = new ArrayList<>();
        timeCharts(s, charts);
        List<String> keys = monitorKeys(s.monitors());
        for (int i = 0; i < s.monitors().size(); i++) {
            if (keys.get(i) != null) charts.add(monitorChart(s.monitors().get(i), keys.get(i)));
        }
        for (Object extra : s.extras().values()) {
            if (extra instanceof ChartSource source) for (ChartSource.XyChart c : source.charts()) charts.add(xyChart(c));
        }
        m.put("charts", charts);
        m.put("spectrum", spectrum(s));
        return m;
    }

    /** Phases as contiguous runs of the ALL rows' phase column, then stalls, then the extras' windows ({@link ChartWindows}). */
    private static List<Object> windows(ScenarioReport s) {
        List<Object> out = new ArrayList<>();
        String phase = null;
        double from = 0, to = 0, previous = 0;
        for (IntervalRow row : s.timeseries()) {
            if (!"ALL".equals(row.operation())) continue;
            if (!row.phase().equals(phase)) {
                if (phase != null) out.add(window("phase", phase, from, to));
                phase = row.phase();
                from = previous;
            }
            to = row.second();
            previous = row.second();
        }
        if (phase != null) out.add(window("phase", phase, from, to));
        for (Stall st : s.stalls()) {
            out.add(window("stall", "stall in " + st.phase() + ": " + st.inFlight() + " in flight, no completions",
                    st.startSecond(), st.endSecond()));
        }
        for (Object extra : s.extras().values()) {
            if (extra instanceof ChartWindows cw) {
                for (ChartWindows.Window w : cw.chartWindows()) out.add(window(w.kind(), w.label(), w.from(), w.to()));
            }
        }
        return out;
    }

    private static Map<String, Object> window(String kind, String label, double from, double to) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("kind", kind);
        w.put("label", label);
        w.put("from", from);
        w.put("to", to);
        return w;
    }

    private static void timeCharts(ScenarioReport s, List<Object> charts) {
        // seconds -> operation -> row; ALL first among the operations
        TreeMap<Double, Map<String, IntervalRow>> bySecond = new TreeMap<>();
        LinkedHashSet<String> ops = new LinkedHashSet<>();
        for (IntervalRow row : s.timeseries()) {
            bySecond.computeIfAbsent(row.second(), k -> new LinkedHashMap<>()).put(row.operation(), row);
            if (!"ALL".equals(row.operation())) ops.add(row.operation());
        }
        if (bySecond.isEmpty()) return;
        int n = bySecond.size();
        double[] x = new double[n];
        double[] tputAll = new double[n], failed = new double[n], unknown = new double[n];
        double[] p50 = new double[n], p95 = new double[n], p99 = new double[n], max = new double[n];
        Map<String, double[]> tputOp = new LinkedHashMap<>();
        for (String op : ops) tputOp.put(op, new double[n]);
        int i = 0;
        double previous = 0;
        for (Map.Entry<Double, Map<String, IntervalRow>> e : bySecond.entrySet()) {
            x[i] = e.getKey();
            double dt = x[i] - previous > 0 ? x[i] - previous : 1;
            previous = x[i];
            IntervalRow all = e.getValue().get("ALL");
            boolean any = all != null && all.ok() + all.failed() + all.unknown() > 0;
            tputAll[i] = all == null ? Double.NaN : all.throughputPerSec();
            failed[i] = all == null ? Double.NaN : all.failed() / dt;
            unknown[i] = all == null ? Double.NaN : all.unknown() / dt;
            p50[i] = any ? all.p50Ms() : Double.NaN;
            p95[i] = any ? all.p95Ms() : Double.NaN;
            p99[i] = any ? all.p99Ms() : Double.NaN;
            max[i] = any ? all.maxMs() : Double.NaN;
            for (Map.Entry<String, double[]> op : tputOp.entrySet()) {
                IntervalRow row = e.getValue().get(op.getKey());
                op.getValue()[i] = row == null ? Double.NaN : row.throughputPerSec();
            }
            i++;
        }
        List<String> labels = new ArrayList<>(List.of("ALL"));
        List<double[]> ys = new ArrayList<>(List.of(tputAll));
        tputOp.forEach((k, v) -> {
            labels.add(k);
            ys.add(v);
        });
        charts.add(chart("throughput", "Throughput (successful attempts per second)", "ops/s", x, labels, ys));
        charts.add(chart("errors", "Errors per second", "errors/s", x, List.of("failed", "unknown"), List.of(failed, unknown)));
        charts.add(chart("latency", "Latency per second (ALL)", "ms", x, List.of("p50", "p95", "p99", "max"),
                List.of(p50, p95, p99, max)));
    }

    /**
     * Each monitor's chart key, {@code monitor-ID} with ID from {@link HtmlEscape#id} and {@code -2}, {@code -3}... for
     * names that reduce to the same ID; null for a monitor without points (no chart). The page's chart divs and the
     * chart data both take their keys from here, so they always match.
     */
    static List<String> monitorKeys(List<ScenarioReport.Monitor> monitors) {
        List<String> out = new ArrayList<>();
        java.util.Set<String> used = new java.util.HashSet<>(List.of("throughput", "errors", "latency", "spectrum"));
        for (ScenarioReport.Monitor m : monitors) {
            if (m.points().isEmpty()) {
                out.add(null);
                continue;
            }
            String base = "monitor-" + HtmlEscape.id(m.name()), key = base;
            for (int n = 2; !used.add(key); n++) key = base + "-" + n;
            out.add(key);
        }
        return out;
    }

    /** A monitor's gauges as read; its counters as their rate per second between consecutive samples. */
    private static Map<String, Object> monitorChart(ScenarioReport.Monitor mon, String key) {
        List<MonitorSeries.Point> points = mon.points();
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (MonitorSeries.Point p : points) names.addAll(p.values().keySet());
        int n = points.size();
        double[] x = new double[n];
        List<String> labels = new ArrayList<>();
        List<double[]> ys = new ArrayList<>();
        for (String name : names) {
            GaugeSummary g = mon.summary().get(name);
            boolean counter = g != null && g.counter();
            labels.add(counter ? name + " (per second)" : name);
            double[] y = new double[n];
            Double before = null;
            double beforeSecond = 0;
            for (int i = 0; i < n; i++) {
                MonitorSeries.Point p = points.get(i);
                x[i] = p.second();
                Double v = p.values().get(name);
                if (!counter) y[i] = v == null ? Double.NaN : v;
                else {
                    double dt = p.second() - beforeSecond;
                    y[i] = v == null || before == null || dt <= 0 ? Double.NaN : (v - before) / dt;
                    if (v != null) {
                        before = v;
                        beforeSecond = p.second();
                    }
                }
            }
            ys.add(y);
        }
        return chart(key, "Monitor: " + mon.name(), "", x, labels, ys);
    }

    private static Map<String, Object> chart(String key, String title, String unit, double[] x, List<String> labels,
                                             List<double[]> ys) {
        SeriesDownsampler.Aligned d = SeriesDownsampler.downsample(new SeriesDownsampler.Aligned(x, ys), MAX_POINTS);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("key", key);
        c.put("title", title);
        c.put("unit", unit);
        c.put("x", values(d.x()));
        List<Object> series = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("label", labels.get(i));
            one.put("values", values(d.ys().get(i)));
            series.add(one);
        }
        c.put("series", series);
        c.put("downsampled", d.x().length < x.length);
        return c;
    }

    /** A chart over another x than time (an extra's): its own axis label, no phase windows, not zoomed with the time charts. */
    private static Map<String, Object> xyChart(ChartSource.XyChart c) {
        Map<String, Object> m = chart(c.key(), c.title(), c.unit(), c.x(), c.labels(), c.ys());
        m.put("x_label", c.xLabel());
        m.put("log_x", c.logX());
        m.put("points", c.points());
        return m;
    }

    /** Each operation's and ALL's latency spectrum: [percentile, ms] pairs, percentile 0 to 100. */
    private static List<Object> spectrum(ScenarioReport s) {
        List<OperationSummary> rows = new ArrayList<>(s.operations());
        rows.add(s.totals());
        List<Object> out = new ArrayList<>();
        for (OperationSummary o : rows) {
            List<LatencyStats.PercentilePoint> points = o.latency().spectrum();
            if (points.isEmpty()) continue;
            List<double[]> pairs = new ArrayList<>();
            for (LatencyStats.PercentilePoint p : points) pairs.add(new double[]{p.percentile(), p.valueMs()});
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("label", o.name());
            one.put("points", pairs);
            out.add(one);
        }
        return out;
    }

    private static List<Double> values(double[] a) {
        List<Double> out = new ArrayList<>(a.length);
        for (double v : a) out.add(Double.isNaN(v) || Double.isInfinite(v) ? null : v);
        return out;
    }
}
