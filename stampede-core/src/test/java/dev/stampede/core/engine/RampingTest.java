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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stages through the engine on the virtual clock: ramping users (closed model) and a ramping arrival rate (open model),
 * on threads and without. The operation counts its own starts per user and per second.
 */
@Timeout(60)
class RampingTest {
    private static final long MS = 1_000_000L;
    private final FakeClock clock = new FakeClock();
    private final DeadlineTimer io = new DeadlineTimer(clock, "io");
    private final long t0 = clock.nanoTime();

    @AfterEach
    void stopClock() {
        io.close();
        clock.close();
    }

    /** Starts per user (context number) and the start times since the test began. */
    private final Map<Integer, AtomicLong> perUser = new ConcurrentHashMap<>();
    private final List<Long> starts = new CopyOnWriteArrayList<>();

    private void started(OperationContext c) {
        perUser.computeIfAbsent(c.user(), k -> new AtomicLong()).incrementAndGet();
        starts.add(clock.nanoTime() - t0);
    }

    private Operation blocking(long millis) {
        return new Operation() {
            @Override public String name() { return "op"; }
            @Override public Outcome call(OperationContext c) throws InterruptedException {
                started(c);
                clock.sleepUntil(clock.nanoTime() + millis * MS);
                return Outcome.OK;
            }
        };
    }

    private AsyncOperation async(long millis) {
        return new AsyncOperation() {
            @Override public String name() { return "op"; }
            @Override public void start(OperationContext c, Completion done) {
                started(c);
                io.schedule(clock.nanoTime() + millis * MS, () -> done.complete(Outcome.OK));
            }
        };
    }

    private ScenarioRun run(Operation op, LoadModel model, Duration duration) throws InterruptedException {
        Engine engine = new Engine(clock, new Engine.Settings(Duration.ofSeconds(1), Duration.ofSeconds(3), 3, 42));
        return engine.runScenario(new ScenarioPlan("t", "test", List.of(new PhasePlan("steady", model, duration, 0, true)), null),
                new WeightedWorkload("test", List.of(new WeightedWorkload.Entry(op, 1))), List.of(), new RunControl(),
                ProgressListener.NONE);
    }

    /** 0 -> 4 users over 4 s, 4 for 2 s, 4 -> 0 over 4 s. */
    private static Stages upHoldDown() {
        return new Stages(0, List.of(new Stages.Stage(Duration.ofSeconds(4), 4), new Stages.Stage(Duration.ofSeconds(2), 4),
                new Stages.Stage(Duration.ofSeconds(4), 0)));
    }

    private void assertRampingUsers(ScenarioRun r) {
        // user u runs from u s until the way down brings the target to u, at 10 - u s: (10 - 2u) s of 100 ms attempts
        assertThat(perUser).hasSize(4);
        for (int u = 0; u < 4; u++) assertThat(perUser.get(u).get()).as("user " + u).isEqualTo(100 - 20 * u);
        assertThat(r.metrics().all().attempts()).isEqualTo(280);
        assertThat(r.measuredSeconds()).isEqualTo(10.0);
        assertThat(r.metrics().all().latency().maxMs()).isLessThan(100.5);
    }

    @Test
    void rampingUsersOnThreadsStartAndStopWithTheStages() throws Exception {
        Stages s = upHoldDown();
        assertRampingUsers(run(blocking(100), LoadModel.Closed.ramping(s, Duration.ZERO, Duration.ZERO), s.total()));
    }

    @Test
    void rampingUsersWithoutThreadsStartAndStopWithTheStages() throws Exception {
        Stages s = upHoldDown();
        assertRampingUsers(run(async(100), LoadModel.Closed.ramping(s, Duration.ZERO, Duration.ZERO), s.total()));
    }

    @Test
    void aUserRampedDownAndUpAgainRestartsItsPaceAtItsReturn() throws Exception {
        // 1 user, then none for 2 s, then 1 again; paced at 100 ms: no slots owed for the gap, so no latency from it
        Stages s = new Stages(1, List.of(new Stages.Stage(Duration.ofSeconds(1), 1), new Stages.Stage(Duration.ofMillis(1), 0),
                new Stages.Stage(Duration.ofMillis(1999), 0), new Stages.Stage(Duration.ofMillis(1), 1),
                new Stages.Stage(Duration.ofMillis(999), 1)));
        ScenarioRun r = run(async(10), LoadModel.Closed.ramping(s, Duration.ZERO, Duration.ofMillis(100)), s.total());
        assertThat(starts.stream().filter(t -> t > 1000 * MS && t < 3000 * MS).count()).isZero();
        // slots 0 .. 1.0 s (at 1.0 s the target is still 1), then 3.0 .. 3.9 s from the return
        assertThat(starts).hasSize(21);
        assertThat(starts.get(11)).isEqualTo(3000 * MS);
        assertThat(r.metrics().all().latency().maxMs()).isLessThan(10.5);
    }

    /** 0 -> 100/s over 2 s, then 100/s for 1 s: 200 arrivals, 25 / 75 / 100 in the three seconds. */
    private void assertRampingRate(ScenarioRun r) {
        assertThat(starts).hasSize(200);
        assertThat(starts.stream().filter(t -> t < 1000 * MS).count()).isEqualTo(25);
        assertThat(starts.stream().filter(t -> t >= 1000 * MS && t < 2000 * MS).count()).isEqualTo(75);
        assertThat(r.metrics().all().attempts()).isEqualTo(200);
        assertThat(r.metrics().droppedArrivals()).isZero();
    }

    private static Stages rampThenHold() {
        return new Stages(0, List.of(new Stages.Stage(Duration.ofSeconds(2), 100), new Stages.Stage(Duration.ofSeconds(1), 100)));
    }

    @Test
    void aRampingArrivalRateOnThreads() throws Exception {
        Stages s = rampThenHold();
        assertRampingRate(run(blocking(1), LoadModel.Open.ramping(s, ArrivalProcess.CONSTANT, 4), s.total()));
    }

    @Test
    void aRampingArrivalRateWithoutThreads() throws Exception {
        Stages s = rampThenHold();
        assertRampingRate(run(async(1), LoadModel.Open.ramping(s, ArrivalProcess.CONSTANT, 4), s.total()));
    }
}
