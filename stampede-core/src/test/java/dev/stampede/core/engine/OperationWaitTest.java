package dev.stampede.core.engine;

import dev.stampede.core.api.AsyncOperation;
import dev.stampede.core.api.Completion;
import dev.stampede.core.api.Operation;
import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.workload.WeightedWorkload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Think time and pacing asked for by the operation ({@link OperationContext#thinkNext}, {@link OperationContext#paceNext}),
 * on both closed-model drivers (a thread per user, and {@link AsyncClosedUsers}) and the virtual clock. The operation
 * records its own start times, which the assertions read, not the engine's numbers alone.
 */
@Timeout(60)
class OperationWaitTest {
    private static final long MS = 1_000_000L;
    private final FakeClock clock = new FakeClock();
    private final DeadlineTimer io = new DeadlineTimer(clock, "io");

    @AfterEach
    void stopClock() {
        io.close();
        clock.close();
    }

    /** How the operation under test behaves: its service time for call n, and the wait it asks for. */
    private interface Behaviour {
        long serviceNanos(long n, long sinceStart);

        void askForWait(OperationContext ctx);
    }

    private final class Blocking implements Operation {
        final List<Long> starts = new CopyOnWriteArrayList<>();
        final Behaviour b;
        final long t0 = clock.nanoTime();

        Blocking(Behaviour b) { this.b = b; }

        @Override public String name() { return "op"; }

        @Override public Outcome call(OperationContext c) throws InterruptedException {
            long now = clock.nanoTime();
            starts.add(now - t0);
            b.askForWait(c);
            clock.sleepUntil(now + b.serviceNanos(starts.size(), now - t0));
            return Outcome.OK;
        }
    }

    private final class Async implements AsyncOperation {
        final List<Long> starts = new CopyOnWriteArrayList<>();
        final Behaviour b;
        final long t0 = clock.nanoTime();

        Async(Behaviour b) { this.b = b; }

        @Override public String name() { return "op"; }

        @Override public void start(OperationContext c, Completion done) {
            long now = clock.nanoTime();
            starts.add(now - t0);
            long service = b.serviceNanos(starts.size(), now - t0);
            io.schedule(now + service, () -> {
                b.askForWait(c); // from the completing thread, before the completion
                done.complete(Outcome.OK);
            });
        }
    }

    private ScenarioRun run(Operation op, LoadModel model, Duration duration) throws InterruptedException {
        Engine engine = new Engine(clock, new Engine.Settings(Duration.ofSeconds(1), Duration.ofSeconds(3), 3, 42));
        return engine.runScenario(new ScenarioPlan("t", "test", List.of(new PhasePlan("steady", model, duration, 0, true)), null),
                new WeightedWorkload("test", List.of(new WeightedWorkload.Entry(op, 1))), List.of(), new RunControl(),
                ProgressListener.NONE);
    }

    private static Behaviour think(long serviceMs, long thinkMs) {
        return new Behaviour() {
            @Override public long serviceNanos(long n, long since) { return serviceMs * MS; }
            @Override public void askForWait(OperationContext ctx) { ctx.thinkNext(thinkMs * MS); }
        };
    }

    /** Paced at 100 ms; the attempt that starts at 1.0 s takes 500 ms, every other 10 ms. */
    private static Behaviour pacedWithOneSlowAttempt() {
        return new Behaviour() {
            @Override public long serviceNanos(long n, long since) { return since == 1000 * MS ? 500 * MS : 10 * MS; }
            @Override public void askForWait(OperationContext ctx) { ctx.paceNext(100 * MS); }
        };
    }

    private static void assertThinkTime(List<Long> starts, ScenarioRun r) {
        // 10 ms of work, 90 ms of think time: a start every 100 ms, and the wait is not latency
        assertThat(starts).hasSize(10);
        for (int i = 0; i < starts.size(); i++) assertThat(starts.get(i)).isEqualTo(i * 100 * MS);
        assertThat(r.metrics().all().attempts()).isEqualTo(starts.size());
        assertThat(r.metrics().all().latency().maxMs()).isCloseTo(10.0, within(0.05));
    }

    private static void assertPaced(List<Long> starts, ScenarioRun r) {
        assertThat(starts).hasSize(30); // slots 0, 0.1 .. 2.9 s
        // the slots 1.1 .. 1.5 s start late, one after another from 1.5 s, and count from their slot
        assertThat(starts.get(11)).isEqualTo(1500 * MS);
        assertThat(starts.get(12)).isEqualTo(1510 * MS);
        assertThat(starts.get(16)).isEqualTo(1600 * MS); // back on schedule
        assertThat(r.metrics().all().attempts()).isEqualTo(starts.size());
        assertThat(r.metrics().all().latency().maxMs()).isCloseTo(500.0, within(1.0));
        assertThat(r.metrics().all().latency().p90Ms()).isGreaterThan(200.0);
    }

    @Test
    void anOperationsThinkTimeSpacesAThreadUsersAttemptsAndIsNotLatency() throws Exception {
        Blocking op = new Blocking(think(10, 90));
        assertThinkTime(op.starts, run(op, new LoadModel.Closed(1, Duration.ZERO, Duration.ZERO), Duration.ofSeconds(1)));
    }

    @Test
    void anOperationsThinkTimeSpacesAnAsyncUsersAttemptsAndIsNotLatency() throws Exception {
        Async op = new Async(think(10, 90));
        assertThinkTime(op.starts, run(op, new LoadModel.Closed(1, Duration.ZERO, Duration.ZERO), Duration.ofSeconds(1)));
    }

    @Test
    void anOperationsThinkTimeReplacesThePhases() throws Exception {
        Async op = new Async(think(10, 90));
        assertThinkTime(op.starts, run(op, new LoadModel.Closed(1, Duration.ZERO, Duration.ofSeconds(5)), Duration.ofSeconds(1)));
    }

    @Test
    void anOperationsPaceMeasuresAThreadUserFromItsSlot() throws Exception {
        Blocking op = new Blocking(pacedWithOneSlowAttempt());
        assertPaced(op.starts, run(op, new LoadModel.Closed(1, Duration.ZERO, Duration.ZERO), Duration.ofSeconds(3)));
    }

    @Test
    void anOperationsPaceMeasuresAnAsyncUserFromItsSlot() throws Exception {
        Async op = new Async(pacedWithOneSlowAttempt());
        assertPaced(op.starts, run(op, new LoadModel.Closed(1, Duration.ZERO, Duration.ZERO), Duration.ofSeconds(3)));
    }

    @Test
    void aThinkTimeLongerThanTheRestOfThePhaseEndsItOnTime() throws Exception {
        Async op = new Async(think(10, 3000));
        ScenarioRun r = run(op, new LoadModel.Closed(2, Duration.ZERO, Duration.ZERO), Duration.ofSeconds(5));
        assertThat(op.starts).hasSize(4); // each user at 0 and 3.01 s; 6.02 s is after the end
        assertThat(r.measuredSeconds()).isEqualTo(5.0);
        assertThat(r.elapsedSeconds()).isLessThan(5.1);
    }

    @Test
    void theOpenModelIgnoresAskedForWaits() throws Exception {
        Async op = new Async(think(10, 1000));
        ScenarioRun r = run(op, new LoadModel.Open(100, ArrivalProcess.CONSTANT, 4), Duration.ofSeconds(1));
        assertThat(op.starts).hasSize(100);
        assertThat(r.metrics().all().attempts()).isEqualTo(100);
    }

}
