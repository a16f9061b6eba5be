package dev.stampede.bench;

import dev.stampede.core.api.AsyncOperation;
import dev.stampede.core.api.Completion;
import dev.stampede.core.api.Operation;
import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.api.Workload;
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
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The engine's asynchronous path (no thread per user) against a no-op {@link AsyncOperation}: each invocation is one
 * real scenario run of {@link #OPS} attempts, as {@link EngineBench} does for the thread-per-user path, so the two
 * read side by side. {@code completion}: {@code loop} completes each attempt on one of two simulated event-loop
 * threads (a user is pinned to one, as to a Lettuce connection), so the user's next attempt is started from that
 * thread, as the Redis workload's is from Lettuce's; {@code inline} completes inside {@code start}, the engine's own
 * cost per attempt with no queue at all. Closed model: {@code users} users with {@code OPS / users} iterations each;
 * open model: every arrival due at once, {@code users} in flight at most.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class AsyncEngineBench {
    static final int OPS = 2_000_000;

    @Param({"50", "1000"})
    public int users;

    @Param({"closed", "open"})
    public String model;

    @Param({"loop", "inline"})
    public String completion;

    private Loop[] loops;

    @Setup
    public void start() {
        loops = new Loop[] {new Loop("loop-0"), new Loop("loop-1")};
    }

    @TearDown
    public void stop() {
        for (Loop l : loops) l.close();
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public ScenarioRun run() throws InterruptedException {
        LoadModel load = model.equals("closed")
                ? new LoadModel.Closed(users, Duration.ZERO, Duration.ZERO)
                : new LoadModel.Open(1e12, ArrivalProcess.CONSTANT, users);
        long iterations = model.equals("closed") ? OPS / users : OPS;
        ScenarioPlan plan = new ScenarioPlan("bench", "async no-op", List.of(new PhasePlan("steady", load, null, iterations, true)), null);
        ScenarioRun run = new Engine(NanoClock.SYSTEM, Engine.Settings.defaults(1))
                .runScenario(plan, new AsyncNoOp(completion.equals("loop") ? loops : null), List.of(), new RunControl(), ProgressListener.NONE);
        long attempts = run.metrics().all().attempts();
        if (attempts != OPS) throw new IllegalStateException("expected " + OPS + " attempts, the run counted " + attempts);
        return run;
    }

    /** One operation that completes ok, on the user's loop or inline. */
    static final class AsyncNoOp implements Workload, AsyncOperation {
        private final Loop[] loops;

        AsyncNoOp(Loop[] loops) {
            this.loops = loops;
        }

        @Override public String name() { return "noop"; }

        @Override public List<Operation> operations() { return List.of(this); }

        @Override public int pick(SplittableRandom random) { return 0; }

        @Override
        public void start(OperationContext context, Completion done) {
            if (loops == null) done.complete(Outcome.OK);
            else loops[context.user() % loops.length].execute(() -> done.complete(Outcome.OK));
        }
    }

    /**
     * A minimal event loop: tasks submitted from its own thread go to a local queue (no wake-up, as a Netty channel
     * write from its event loop), from other threads to a concurrent queue and an unpark.
     */
    static final class Loop {
        private final ArrayDeque<Runnable> local = new ArrayDeque<>();
        private final ConcurrentLinkedQueue<Runnable> foreign = new ConcurrentLinkedQueue<>();
        private final Thread thread;
        private volatile boolean closed;

        Loop(String name) {
            thread = Thread.ofPlatform().daemon().name(name).start(this::run);
        }

        void execute(Runnable r) {
            if (Thread.currentThread() == thread) {
                local.add(r);
            } else {
                foreign.add(r);
                LockSupport.unpark(thread);
            }
        }

        private void run() {
            while (!closed) {
                Runnable r = local.poll();
                if (r == null) r = foreign.poll();
                if (r == null) {
                    LockSupport.parkNanos(100_000L);
                    continue;
                }
                r.run();
            }
        }

        void close() {
            closed = true;
            LockSupport.unpark(thread);
        }
    }
}
