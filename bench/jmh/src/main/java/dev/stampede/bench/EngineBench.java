package dev.stampede.bench;

import dev.stampede.core.engine.ArrivalProcess;
import dev.stampede.core.engine.Engine;
import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.NanoClock;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ProgressListener;
import dev.stampede.core.engine.RunControl;
import dev.stampede.core.engine.ScenarioPlan;
import dev.stampede.core.engine.ScenarioRun;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The whole engine against a no-op workload: each invocation is one real scenario run through
 * {@link Engine#runScenario} (worker threads as the run would choose them, the interval sampler, every
 * attempt timed and recorded, the summary) of {@link #OPS} attempts in all, so the score is wall time per
 * attempt with all the run's threads sharing the machine's cores. Closed model: {@code users} users with
 * {@code OPS / users} iterations each. Open model: {@code OPS} arrivals at a rate no machine keeps up with
 * (every arrival is due at once) and {@code users} in flight at most, so the workers run flat out through
 * the arrival schedule and latency runs from each arrival's intended start.
 *
 * <p>B/op includes each run's fixed set-up (histograms, threads' contexts, the summary), spread over
 * {@link #OPS} attempts; {@code AttemptBench} shows the per-attempt path alone.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class EngineBench {
    static final int OPS = 2_000_000;

    @Param({"8", "1000"})
    public int users;

    @Param({"closed", "open"})
    public String model;

    @Benchmark
    @OperationsPerInvocation(OPS)
    public ScenarioRun run() throws InterruptedException {
        LoadModel load = model.equals("closed")
                ? new LoadModel.Closed(users, Duration.ZERO, Duration.ZERO)
                : new LoadModel.Open(1e12, ArrivalProcess.CONSTANT, users);
        long iterations = model.equals("closed") ? OPS / users : OPS;
        ScenarioPlan plan = new ScenarioPlan("bench", "no-op", List.of(new PhasePlan("steady", load, null, iterations, true)), null);
        ScenarioRun run = new Engine(NanoClock.SYSTEM, Engine.Settings.defaults(1))
                .runScenario(plan, new NoOpWorkload(), List.of(), new RunControl(), ProgressListener.NONE);
        long attempts = run.metrics().all().attempts();
        if (attempts != OPS) throw new IllegalStateException("expected " + OPS + " attempts, the run counted " + attempts);
        return run;
    }
}
