package dev.stampede.core.engine;

import dev.stampede.bench.NoOpWorkload;
import dev.stampede.core.api.OperationContext;
import dev.stampede.core.metrics.MetricsCollector;
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
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One attempt through the engine's own code, on the calling thread, with the system clock: what a closed
 * user's loop does per iteration ({@link #closedStep}: stop check, clock read, operation pick, in-flight
 * bookkeeping, the call, classification, recording under the context's monitor) and what an open-model
 * worker does per arrival ({@link #openStep}: the schedule's next intended start, the pacer, start lag,
 * then the same attempt). In this package because {@link AttemptRunner} and {@link Pacer} are the
 * engine's internals; nothing here is a copy of them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class AttemptBench {
    private final NanoClock clock = NanoClock.SYSTEM;
    private RunControl control;
    private MetricsCollector metrics;
    private AttemptRunner runner;
    private OperationContext ctx;
    private Pacer pacer;
    private ArrivalSchedule schedule;

    @Setup(Level.Iteration)
    public void setUp() {
        control = new RunControl();
        NoOpWorkload w = new NoOpWorkload();
        metrics = new MetricsCollector(List.of("noop"));
        runner = new AttemptRunner(clock, w);
        ctx = new OperationContext(new SplittableRandom(1), clock);
        pacer = new Pacer(clock, control, Long.MAX_VALUE);
        // an arrival rate far above what one thread reaches: every arrival is due when it is taken
        schedule = new ArrivalSchedule(clock.nanoTime(), 1e10, ArrivalProcess.POISSON, 1, 0);
    }

    @Benchmark
    public void closedStep() {
        if (control.isStopped()) return;
        long actual = clock.nanoTime();
        runner.run(ctx, metrics, actual, actual);
    }

    @Benchmark
    public void openStep() {
        long intended = schedule.next();
        if (!pacer.awaitUntil(intended)) return;
        long actual = clock.nanoTime();
        metrics.recordStartLag(actual - intended);
        runner.run(ctx, metrics, intended, actual);
    }
}
