package dev.stampede.cli.metrics;

import dev.stampede.core.engine.ProgressListener;
import dev.stampede.core.metrics.IntervalRow;
import dev.stampede.core.metrics.MetricsCollector;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The run's numbers as Prometheus series, built from what the engine publishes each interval (no second recorder):
 *
 * <ul>
 *   <li>from the progress snapshot, once per second: {@code stampede_scenario_attempts_total},
 *   {@code stampede_scenario_errors_total}, {@code stampede_scenario_throughput_ops_per_second},
 *   {@code stampede_scenario_latency_p95_seconds} (label {@code scenario}) and {@code stampede_monitor_value} (labels
 *   {@code scenario}, {@code monitor}, {@code series}: every monitor's every series);</li>
 *   <li>from each closed interval's per-operation rows and HdrHistograms ({@code ProgressListener#onInterval}), live:
 *   {@code stampede_operation_attempts_total} (labels {@code scenario}, {@code operation}, {@code outcome} = ok,
 *   failed, unknown) and the classic histogram {@code stampede_operation_latency_seconds} (labels {@code scenario},
 *   {@code operation}; {@code ALL} included). Each interval's histogram adds its counts at or below every bound
 *   ({@code Histogram.getCountBetweenValues}, so a value within HdrHistogram's 0.1 % of a bound may count in it);
 *   {@code _count} and the outcome counters are exact, {@code _sum} is the histograms' mean times count.</li>
 * </ul>
 * Only recorded phases count (warm-up does not, as in the report), so at a scenario's end the counts are the
 * report's. Thread-safe: the sampler thread and the session thread write, the HTTP server's threads read.
 */
public final class RunMetrics implements MultiCollector {
    /** Upper bounds of the latency histogram's buckets, seconds (+Inf is added). */
    static final double[] BOUNDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final String[] OUTCOMES = {"ok", "failed", "unknown"};

    private final Map<String, ProgressListener.Snapshot> live = new LinkedHashMap<>();
    /** Per scenario run, per operation (and ALL), the cumulative numbers. */
    private final Map<String, Map<String, OperationSeries>> operations = new LinkedHashMap<>();
    private volatile String runPrefix = "";
    private volatile String runSuffix = "";

    /** One operation's live numbers; guarded by the enclosing {@link RunMetrics}. */
    static final class OperationSeries {
        final long[] cumulative = new long[BOUNDS.length];   // at or below each bound
        final long[] outcomes = new long[3];
        long count;
        double sumSeconds;

        void add(IntervalRow row, Histogram h) {
            outcomes[0] += row.ok();
            outcomes[1] += row.failed();
            outcomes[2] += row.unknown();
            long n = h.getTotalCount();
            if (n == 0) return;
            count += n;
            sumSeconds += h.getMean() * n / 1e6;
            for (int i = 0; i < BOUNDS.length; i++) cumulative[i] += h.getCountBetweenValues(0, (long) (BOUNDS[i] * 1e6));
        }

        void addAll(OperationSeries o) {
            for (int i = 0; i < BOUNDS.length; i++) cumulative[i] += o.cumulative[i];
            for (int i = 0; i < 3; i++) outcomes[i] += o.outcomes[i];
            count += o.count;
            sumSeconds += o.sumSeconds;
        }

        /** Per-bucket (not cumulative) counts over {@link #BOUNDS} and +Inf; they add up to {@link #count}. */
        ClassicHistogramBuckets buckets() {
            double[] bounds = new double[BOUNDS.length + 1];
            System.arraycopy(BOUNDS, 0, bounds, 0, BOUNDS.length);
            bounds[BOUNDS.length] = Double.POSITIVE_INFINITY;
            long[] counts = new long[bounds.length];
            long previous = 0;
            for (int i = 0; i < bounds.length; i++) {
                long c = i == BOUNDS.length ? count : Math.min(cumulative[i], count);
                counts[i] = c - previous;
                previous = c;
            }
            return ClassicHistogramBuckets.of(bounds, counts);
        }
    }

    /** The listener that feeds the series; returns at once. */
    public ProgressListener listener() {
        return new ProgressListener() {
            @Override
            public void onTick(Snapshot s) {
                String name = label(s.scenario());
                synchronized (RunMetrics.this) {
                    live.put(name, s);
                }
            }

            @Override
            public void onInterval(String scenario, boolean recorded, MetricsCollector collector) {
                if (!recorded) return;
                String name = label(scenario);
                synchronized (RunMetrics.this) {
                    Map<String, OperationSeries> ops = operations.computeIfAbsent(name, k -> new LinkedHashMap<>());
                    collector.forEachInterval((row, h) -> ops.computeIfAbsent(row.operation(), k -> new OperationSeries()).add(row, h));
                }
            }
        };
    }

    private String label(String scenario) {
        return runPrefix + scenario + runSuffix;
    }

    /**
     * Names the series of the runs that follow as the reports will ({@code --repeat}: round k of {@code quick} is
     * {@code quick#k}); 0 for a run that is not repeated.
     */
    public void round(int k) {
        runSuffix = k <= 0 ? "" : "#" + k;
    }

    /**
     * Prefixes the scenario label of the runs that follow (the baseline side of an interleaved run is
     * {@code baseline/quick#k}); "" for none.
     */
    public void side(String prefix) {
        runPrefix = prefix == null ? "" : prefix;
    }

    @Override
    public synchronized MetricSnapshots collect() {
        CounterSnapshot.Builder attempts = CounterSnapshot.builder().name("stampede_scenario_attempts")
                .help("Attempts so far in the scenario's recorded phases, every outcome");
        CounterSnapshot.Builder errors = CounterSnapshot.builder().name("stampede_scenario_errors")
                .help("Failed and unknown attempts so far in the scenario's recorded phases");
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
                .help("Attempts of each operation by outcome so far (recorded phases)");
        HistogramSnapshot.Builder latency = HistogramSnapshot.builder().name("stampede_operation_latency_seconds").unit(Unit.SECONDS)
                .help("Latency of each operation so far (recorded phases), from each interval's HdrHistogram");
        operations.forEach((scenario, ops) -> {
            OperationSeries all = new OperationSeries();
            Map<String, OperationSeries> rows = new LinkedHashMap<>(ops);
            rows.forEach((op, s) -> all.addAll(s));
            rows.put(MetricsCollector.ALL, all);
            rows.forEach((op, s) -> {
                for (int i = 0; i < OUTCOMES.length; i++) {
                    outcomes.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                            .labels(Labels.of("operation", op, "outcome", OUTCOMES[i], "scenario", scenario)).value(s.outcomes[i]).build());
                }
                latency.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .labels(Labels.of("operation", op, "scenario", scenario))
                        .classicHistogramBuckets(s.buckets()).sum(s.sumSeconds).build());
            });
        });
        return MetricSnapshots.of(attempts.build(), errors.build(), rate.build(), p95.build(), monitors.build(), outcomes.build(),
                latency.build());
    }
}
