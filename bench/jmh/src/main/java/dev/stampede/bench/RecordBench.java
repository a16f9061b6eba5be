package dev.stampede.bench;

import dev.stampede.core.api.ErrorClass;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.metrics.IntervalRow;
import dev.stampede.core.metrics.MetricsCollector;
import dev.stampede.core.metrics.OperationMetrics;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The recorder alone: one finished attempt into {@link OperationMetrics} (end-to-end latency, acquire and
 * execution into their HdrHistogram recorders, the outcome counted), for an ok and for a failed outcome
 * (the error-class tally), and one interval snapshot of {@link MetricsCollector#tick} (what the sampler
 * does once a second). Latencies vary over three decades so that the histograms' buckets are not all one.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RecordBench {
    private static final Outcome FAILED = Outcome.failed(ErrorClass.CLIENT_ERROR, "boom");
    private MetricsCollector metrics;
    private OperationMetrics op;
    private long t;

    @Setup(Level.Iteration)
    public void setUp() {
        // fresh per iteration: the snapshot benchmark appends a row per tick to the collector's series
        metrics = new MetricsCollector(List.of("noop"));
        op = metrics.op(0);
    }

    private long nextLatencyNanos() {
        t += 7919;
        return 20_000L + (t % 5_000_000L); // 20 us .. 5 ms
    }

    @Benchmark
    public void recordOk() {
        long start = t;
        long d = nextLatencyNanos();
        op.record(Outcome.OK, start, start + 1_000, start + 2_000, false, start + d, 0);
    }

    @Benchmark
    public void recordFailed() {
        long start = t;
        long d = nextLatencyNanos();
        op.record(FAILED, start, start + 1_000, start + 2_000, false, start + d, 0);
    }

    /** One interval snapshot (a tick of the sampler) after 100 recorded attempts; ns per snapshot. */
    @Benchmark
    public IntervalRow intervalSnapshot() {
        for (int i = 0; i < 100; i++) recordOk();
        return metrics.tick(t / 1e9, "steady", 1.0);
    }
}
