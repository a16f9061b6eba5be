package dev.stampede.cli.metrics;

import dev.stampede.core.engine.ProgressListener;
import dev.stampede.core.metrics.LatencyStats;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.core.report.ScenarioReport;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's numbers as Prometheus series, built at each scrape from what the engine publishes (no second recorder):
 *
 * <ul>
 *   <li>live, once per second from the progress snapshot: {@code stampede_scenario_attempts_total},
 *   {@code stampede_scenario_errors_total}, {@code stampede_scenario_throughput_ops_per_second},
 *   {@code stampede_scenario_latency_p95_seconds} (label {@code scenario}) and
 *   {@code stampede_monitor_value} (labels {@code scenario}, {@code monitor}, {@code series}: every monitor's every
 *   series, the database's, the pool's and the generator's included);</li>
 *   <li>at each scenario's end, from its report: {@code stampede_operation_attempts_total} (labels {@code scenario},
 *   {@code operation}, {@code outcome} = ok, failed, unknown) and the classic histogram
 *   {@code stampede_operation_latency_seconds} (labels {@code scenario}, {@code operation}; {@code ALL} included).
 *   Its bucket counts come from the operation's HdrHistogram percentile spectrum (report.json's
 *   {@code latency.spectrum}): the count at or below each bound is the highest spectrum percentile whose value is at or
 *   below it, so a bucket is exact at the spectrum's points and otherwise a lower bound within one step of the
 *   spectrum; count and sum are exact (sum = mean x count).</li>
 * </ul>
 * Thread-safe: the sampler thread and the session thread write, the HTTP server's threads read.
 */
public final class RunMetrics implements MultiCollector {
    /** Upper bounds of the latency histogram's buckets, seconds (+Inf is added). */
    static final double[] BOUNDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final Map<String, ProgressListener.Snapshot> live = new LinkedHashMap<>();
    private final Map<String, ScenarioReport> finished = new LinkedHashMap<>();
    private volatile String runSuffix = "";

    /** The listener that feeds the live series; returns at once. */
    public ProgressListener listener() {
        return s -> {
            String name = s.scenario() + runSuffix;
            synchronized (this) {
                live.put(name, s);
            }
        };
    }

    /**
     * Names the live series of the runs that follow as the reports will ({@code --repeat}: round k of {@code quick} is
     * {@code quick#k}); 0 for a run that is not repeated.
     */
    public void round(int k) {
        runSuffix = k <= 0 ? "" : "#" + k;
    }

    /** A scenario's final numbers (call once it is reported; a repeated scenario's runs have names of their own). */
    public synchronized void scenarioFinished(ScenarioReport r) {
        finished.put(r.name(), r);
    }

    @Override
    public synchronized MetricSnapshots collect() {
        CounterSnapshot.Builder attempts = CounterSnapshot.builder().name("stampede_scenario_attempts")
                .help("Attempts so far in the scenario's recorded and warm-up phases, every outcome");
        CounterSnapshot.Builder errors = CounterSnapshot.builder().name("stampede_scenario_errors")
                .help("Failed and unknown attempts so far");
        GaugeSnapshot.Builder rate = GaugeSnapshot.builder().name("stampede_scenario_throughput_ops_per_second")
                .help("Successful attempts in the last interval, per second");
        GaugeSnapshot.Builder p95 = GaugeSnapshot.builder().name("stampede_scenario_latency_p95_seconds").unit(Unit.SECONDS)
                .help("p95 latency of the last interval, from each attempt's intended start where the model has one");
        GaugeSnapshot.Builder monitors = GaugeSnapshot.builder().name("stampede_monitor_value")
                .help("Each monitor's latest sample: pool, generator, host and the targets' own series (counters as sampled)");
        for (Map.Entry<String, ProgressListener.Snapshot> e : live.entrySet()) {
            ProgressListener.Snapshot s = e.getValue();
            Labels l = Labels.of("scenario", e.getKey());
            attempts.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(l).value(s.attemptsSoFar()).build());
            errors.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(l).value(s.errorsSoFar()).build());
            rate.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(l).value(s.okPerSecond()).build());
            p95.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(l).value(s.p95Ms() / 1000).build());
            s.monitors().forEach((monitor, values) -> values.forEach((series, v) -> {
                if (v != null && Double.isFinite(v)) {
                    monitors.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                            .labels(Labels.of("monitor", monitor, "scenario", e.getKey(), "series", series)).value(v).build());
                }
            }));
        }
        CounterSnapshot.Builder outcomes = CounterSnapshot.builder().name("stampede_operation_attempts")
                .help("Attempts of each operation by outcome, at the scenario's end (recorded phases)");
        HistogramSnapshot.Builder latency = HistogramSnapshot.builder().name("stampede_operation_latency_seconds").unit(Unit.SECONDS)
                .help("Latency of each operation at the scenario's end, buckets from its HdrHistogram percentile spectrum");
        for (ScenarioReport r : finished.values()) {
            List<OperationSummary> ops = new ArrayList<>(r.operations());
            ops.add(r.totals());
            for (OperationSummary o : ops) {
                for (String outcome : new String[]{"ok", "failed", "unknown"}) {
                    long n = switch (outcome) {
                        case "ok" -> o.ok();
                        case "failed" -> o.failed();
                        default -> o.unknown();
                    };
                    outcomes.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                            .labels(Labels.of("operation", o.name(), "outcome", outcome, "scenario", r.name())).value(n).build());
                }
                LatencyStats lat = o.latency();
                latency.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .labels(Labels.of("operation", o.name(), "scenario", r.name()))
                        .classicHistogramBuckets(buckets(lat)).sum(lat.meanMs() * lat.count() / 1000).build());
            }
        }
        return MetricSnapshots.of(attempts.build(), errors.build(), rate.build(), p95.build(), monitors.build(), outcomes.build(),
                latency.build());
    }

    /** Per-bucket (not cumulative) counts over {@link #BOUNDS} and +Inf, from the spectrum; they add up to the count. */
    static ClassicHistogramBuckets buckets(LatencyStats lat) {
        double[] bounds = new double[BOUNDS.length + 1];
        System.arraycopy(BOUNDS, 0, bounds, 0, BOUNDS.length);
        bounds[BOUNDS.length] = Double.POSITIVE_INFINITY;
        long[] counts = new long[bounds.length];
        long previous = 0;
        for (int i = 0; i < bounds.length; i++) {
            long cumulative = i == bounds.length - 1 ? lat.count() : atOrBelow(lat, bounds[i] * 1000);
            cumulative = Math.max(previous, Math.min(cumulative, lat.count()));
            counts[i] = cumulative - previous;
            previous = cumulative;
        }
        return ClassicHistogramBuckets.of(bounds, counts);
    }

    /** Attempts at or below {@code ms}, from the spectrum (0 without one). */
    static long atOrBelow(LatencyStats lat, double ms) {
        double pct = 0;
        for (LatencyStats.PercentilePoint p : lat.spectrum()) if (p.valueMs() <= ms) pct = Math.max(pct, p.percentile());
        return Math.round(lat.count() * pct / 100.0);
    }
}
