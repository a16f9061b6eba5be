package dev.stampede.cli;

import dev.stampede.core.compare.ReportReader;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ProgressListener;
import dev.stampede.core.engine.ScenarioPlan;
import dev.stampede.core.metrics.MetricsCollector;
import dev.stampede.core.report.ScenarioReport;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code run --windows K}: splits each scenario run's recorded time into K windows of equal planned length and keeps,
 * per window and operation (and {@code ALL}), the numbers a comparison reads (attempts by outcome, throughput, p50, p95,
 * p99 and mean latency). Built from the recorder's own per-interval histograms as the engine closes each interval
 * ({@link ProgressListener#onInterval}): a window's histogram is the sum of its intervals', so its percentiles are
 * exact, not averages of per-second percentiles. An interval belongs wholly to the window its end falls in, so window
 * edges are as fine as the sampling interval (1 s). A window that covers less than half its planned length (a run
 * stopped early) is left out. Written to report.json as the scenario's {@code extras.windows}.
 *
 * <p>Thread-safety: {@link #begin} and {@link #finish} on the session thread, {@link #onInterval} on the engine's
 * sampler thread; synchronized.
 */
final class RunWindows implements ProgressListener {
    private final int count;
    private double windowSeconds;
    private double previousSecond;
    private double recordedSeconds;
    private Window current;
    private final List<Window> done = new ArrayList<>();

    /** One window being filled: per operation (insertion order, ALL last) a histogram and outcome counts. */
    private static final class Window {
        final int index;
        double seconds;
        double from = Double.NaN;
        double to;
        final Map<String, Histogram> latency = new LinkedHashMap<>();
        final Map<String, long[]> outcomes = new LinkedHashMap<>();

        Window(int index) {
            this.index = index;
        }
    }

    RunWindows(int count) {
        this.count = count;
    }

    /**
     * Checks that the plan can be split: time-bound recorded phases of at least 2 s per window.
     *
     * @throws ConfigException for a scenario that ends by iteration count, or windows shorter than two intervals
     */
    static void check(ScenarioPlan plan, int count) {
        double recorded = recordedSeconds(plan);
        if (recorded <= 0) {
            throw new ConfigException("--windows " + count + ": scenario '" + plan.name() + "' ends by iteration count, so its time "
                    + "cannot be split; give it a duration (--duration) or compare whole runs (--repeat)");
        }
        if (recorded / count < 2) {
            throw new ConfigException(String.format(java.util.Locale.ROOT, "--windows %d: scenario '%s' records %.1f s, windows of "
                    + "%.2f s are shorter than two sampling intervals; use at most %d windows or a longer --duration",
                    count, plan.name(), recorded, recorded / count, (int) Math.max(2, recorded / 2)));
        }
    }

    private static double recordedSeconds(ScenarioPlan plan) {
        double s = 0;
        for (PhasePlan p : plan.phases()) {
            if (!p.recorded()) continue;
            if (p.duration() == null || p.duration().isZero()) return -1;
            s += p.duration().toNanos() / 1e9;
        }
        return s;
    }

    /** Starts a scenario run. */
    synchronized void begin(ScenarioPlan plan) {
        windowSeconds = recordedSeconds(plan) / count;
        previousSecond = 0;
        recordedSeconds = 0;
        current = null;
        done.clear();
    }

    @Override
    public void onTick(Snapshot snapshot) {
    }

    @Override
    public synchronized void onInterval(String scenario, boolean recorded, MetricsCollector collector) {
        if (windowSeconds <= 0) return;
        double[] end = {Double.NaN};
        collector.forEachInterval((row, h) -> end[0] = row.second());
        if (Double.isNaN(end[0])) return;
        double length = end[0] - previousSecond;
        previousSecond = end[0];
        if (!recorded || length <= 0) return;
        double start = recordedSeconds;
        recordedSeconds += length;
        int index = (int) Math.min(count - 1, Math.floor(Math.max(0, recordedSeconds - 1e-6) / windowSeconds));
        if (current == null || current.index != index) {
            if (current != null) done.add(current);
            current = new Window(index);
        }
        Window w = current;
        if (Double.isNaN(w.from)) w.from = start;
        w.to = recordedSeconds;
        w.seconds += length;
        Histogram all = w.latency.computeIfAbsent(MetricsCollector.ALL, k -> new Histogram(3));
        long[] allOutcomes = w.outcomes.computeIfAbsent(MetricsCollector.ALL, k -> new long[3]);
        collector.forEachInterval((row, h) -> {
            // ALL was put first for its place in the map; operations follow in workload order
            w.latency.computeIfAbsent(row.operation(), k -> new Histogram(3)).add(h);
            all.add(h);
            long[] o = w.outcomes.computeIfAbsent(row.operation(), k -> new long[3]);
            o[0] += row.ok();
            o[1] += row.failed();
            o[2] += row.unknown();
            allOutcomes[0] += row.ok();
            allOutcomes[1] += row.failed();
            allOutcomes[2] += row.unknown();
        });
    }

    /** Ends the scenario run: its report with {@code extras.windows} added. */
    synchronized ScenarioReport finish(ScenarioReport report) {
        if (current != null) done.add(current);
        current = null;
        List<Map<String, Object>> windows = new ArrayList<>();
        int dropped = 0;
        for (Window w : done) {
            if (w.seconds < windowSeconds / 2) {
                dropped++;
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", w.index + 1);
            m.put("from_s", round(w.from));
            m.put("to_s", round(w.to));
            List<Map<String, Object>> ops = new ArrayList<>();
            w.latency.forEach((op, h) -> ops.add(operation(op, h, w.outcomes.get(op), w.seconds)));
            m.put("operations", ops);
            windows.add(m);
        }
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("count", count);
        section.put("window_seconds", round(windowSeconds));
        section.put("dropped_short", dropped);
        section.put("assumption", "windows of one run are compared as independent samples; neighbouring windows share the "
                + "server's state and a drifting run makes them differ by position (see docs/regression.md)");
        section.put("windows", windows);
        Map<String, Object> extras = new LinkedHashMap<>(report.extras() == null ? Map.of() : report.extras());
        extras.put(ReportReader.WINDOWS, section);
        return Repetitions.withExtras(report, extras);
    }

    private static Map<String, Object> operation(String name, Histogram h, long[] outcomes, double seconds) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", name);
        o.put("attempts", outcomes[0] + outcomes[1] + outcomes[2]);
        o.put("ok", outcomes[0]);
        o.put("failed", outcomes[1]);
        o.put("unknown", outcomes[2]);
        o.put("throughput_per_sec", seconds > 0 ? outcomes[0] / seconds : 0);
        Map<String, Object> lat = new LinkedHashMap<>();
        boolean any = h.getTotalCount() > 0;
        lat.put("p50_ms", any ? h.getValueAtPercentile(50) / 1000.0 : null);
        lat.put("p95_ms", any ? h.getValueAtPercentile(95) / 1000.0 : null);
        lat.put("p99_ms", any ? h.getValueAtPercentile(99) / 1000.0 : null);
        lat.put("mean_ms", any ? h.getMean() / 1000.0 : null);
        o.put("latency", lat);
        return o;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
