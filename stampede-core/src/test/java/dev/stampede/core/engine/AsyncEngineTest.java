package dev.stampede.core.engine;

import dev.stampede.core.api.AsyncOperation;
import dev.stampede.core.api.Completion;
import dev.stampede.core.api.ErrorClass;
import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.core.workload.WeightedWorkload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The engine driving {@link AsyncOperation}s without a thread per user, on the virtual clock ({@link FakeClock}).
 * The target is simulated by an "I/O thread" ({@link DeadlineTimer} named {@code io}) that completes each attempt
 * after its service time, so every completion comes on a thread other than the one that started the attempt, and
 * the next attempt of a closed-model user is started from that completion. Counts are checked against the
 * operation's own counters.
 */
@Timeout(60)
class AsyncEngineTest {
    private static final long MS = 1_000_000L;
    private final FakeClock clock = new FakeClock();
    private final DeadlineTimer io = new DeadlineTimer(clock, "io");
    private final Engine engine = new Engine(clock, settings());

    private static Engine.Settings settings() {
        return new Engine.Settings(Duration.ofSeconds(1), Duration.ofSeconds(3), 3, 42);
    }

    @AfterEach
    void stopClock() {
        io.close();
        clock.close();
    }

    /** Completes each attempt on the I/O thread after a service time; records the threads that start attempts. */
    private class Simulated implements AsyncOperation {
        final AtomicLong calls = new AtomicLong();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final Set<String> startThreads = ConcurrentHashMap.newKeySet();
        final Set<String> completeThreads = ConcurrentHashMap.newKeySet();
        private final ToLongFunction<Long> serviceNanos;

        Simulated(ToLongFunction<Long> serviceNanos) {
            this.serviceNanos = serviceNanos;
        }

        Simulated(long millis) {
            this(n -> millis * MS);
        }

        @Override public String name() { return "op"; }

        @Override public void start(OperationContext c, Completion done) {
            long n = calls.incrementAndGet();
            startThreads.add(Thread.currentThread().getName());
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            long at = clock.nanoTime() + serviceNanos.applyAsLong(n);
            io.schedule(at, () -> {
                inFlight.decrementAndGet();
                completeThreads.add(Thread.currentThread().getName());
                done.complete(outcome(n));
            });
        }

        Outcome outcome(long n) { return Outcome.OK; }
    }

    /** Never completes by itself: keeps each attempt's completion, like a request sent to a frozen server. */
    private static final class Hung implements AsyncOperation {
        final List<Completion> pending = new CopyOnWriteArrayList<>();

        @Override public String name() { return "hung"; }

        @Override public void start(OperationContext c, Completion done) { pending.add(done); }
    }

    private static WeightedWorkload single(AsyncOperation op) {
        return new WeightedWorkload("test", List.of(new WeightedWorkload.Entry(op, 1)));
    }

    private static PhasePlan phase(LoadModel model, Duration duration) {
        return new PhasePlan("steady", model, duration, 0, true);
    }

    private static LoadModel.Closed closed(int users) {
        return new LoadModel.Closed(users, Duration.ZERO, Duration.ZERO);
    }

    private ScenarioRun run(PhasePlan phase, AsyncOperation op, RunControl control) throws InterruptedException {
        return engine.runScenario(new ScenarioPlan("t", "test", List.of(phase), null), single(op), List.of(), control,
                ProgressListener.NONE);
    }

    private void stopAt(RunControl control, Duration after, StopReason reason) {
        long at = clock.nanoTime() + after.toNanos();
        clock.start(Thread.ofPlatform().daemon(), () -> {
            try {
                clock.sleepUntil(at);
                control.stop(reason);
            } catch (InterruptedException ignored) {
                // the test is over
            }
        });
    }

    @Test
    void closedUsersIssueTheirNextAttemptFromTheCompletionWithNoThreadPerUser() throws Exception {
        Simulated op = new Simulated(2);
        ScenarioRun r = run(phase(closed(4), Duration.ofSeconds(1)), op, new RunControl());
        OperationSummary all = r.metrics().all();
        assertThat(op.calls.get()).isEqualTo(2000); // 4 users x 500 attempts of 2 ms
        assertThat(all.attempts()).isEqualTo(op.calls.get());
        assertThat(all.ok()).isEqualTo(op.calls.get());
        assertThat(r.measuredSeconds()).isEqualTo(1.0);
        assertThat(all.throughputPerSec()).isCloseTo(2000.0, within(0.01));
        assertThat(all.latency().p50Ms()).isCloseTo(2.0, within(0.01));
        assertThat(r.stopReason()).isEqualTo(StopReason.COMPLETED);
        // first attempts from the users' timer, every later one from the completing thread; no "vu-" threads
        assertThat(op.startThreads).containsExactlyInAnyOrder("stampede-users-timer", "io");
        assertThat(op.completeThreads).containsExactly("io");
        assertThat(op.maxInFlight.get()).isEqualTo(4);
    }

    @Test
    void iterationsAndThinkTimeArePerUserAndThinkTimeRunsOnTheTimer() throws Exception {
        Simulated op = new Simulated(1);
        ScenarioRun r = run(new PhasePlan("steady", new LoadModel.Closed(3, Duration.ZERO, Duration.ofMillis(1)), null, 5, true),
                op, new RunControl());
        assertThat(op.calls.get()).isEqualTo(15);
        assertThat(r.metrics().all().attempts()).isEqualTo(op.calls.get());
        // 5 x 1 ms + 4 x 1 ms of think time, then the engine's 10 ms polls of the users and the sampler
        assertThat(r.elapsedSeconds()).isBetween(0.009, 0.03);
        assertThat(r.metrics().all().latency().maxMs()).isCloseTo(1.0, within(0.01)); // think time is not latency
    }

    @Test
    void aRampUpLongerThanThePhaseNeverStretchesIt() throws Exception {
        Simulated op = new Simulated(50);
        ScenarioRun r = run(phase(new LoadModel.Closed(4, Duration.ofSeconds(30), Duration.ZERO), Duration.ofSeconds(10)),
                op, new RunControl());
        assertThat(op.calls.get()).isEqualTo(200 + 50); // users at 0 s and 7.5 s; 15 s and 22.5 s are after the end
        assertThat(r.metrics().all().attempts()).isEqualTo(op.calls.get());
        assertThat(r.elapsedSeconds()).isLessThan(10.1);
        assertThat(r.measuredSeconds()).isEqualTo(10.0);
    }

    @Test
    void thinkTimeNeverRunsPastThePhaseEnd() throws Exception {
        Simulated op = new Simulated(10);
        ScenarioRun r = run(phase(new LoadModel.Closed(1, Duration.ZERO, Duration.ofSeconds(3)), Duration.ofSeconds(5)),
                op, new RunControl());
        assertThat(op.calls.get()).isEqualTo(2);
        assertThat(r.elapsedSeconds()).isLessThan(5.1);
        assertThat(r.measuredSeconds()).isEqualTo(5.0);
    }

    @Test
    void pacedUsersAreMeasuredFromTheirSlot() throws Exception {
        long t0 = clock.nanoTime();
        // the attempt of the slot at 1.0 s takes 500 ms, every other 10 ms
        Simulated op = new Simulated(n -> clock.nanoTime() - t0 == 1000 * MS ? 500 * MS : 10 * MS);
        ScenarioRun r = run(phase(new LoadModel.Closed(1, Duration.ZERO, Duration.ZERO, Duration.ofMillis(100)),
                Duration.ofSeconds(3)), op, new RunControl());
        assertThat(op.calls.get()).isEqualTo(30);
        assertThat(r.metrics().all().attempts()).isEqualTo(op.calls.get());
        assertThat(r.metrics().all().latency().maxMs()).isCloseTo(500.0, within(1.0));
        assertThat(r.metrics().all().latency().p90Ms()).isGreaterThan(200.0);
    }

    @Test
    void openModelIsBoundedByMaxInFlightAndAStallShowsInThePercentiles() throws Exception {
        long t0 = clock.nanoTime();
        // the target freezes from 1 s to 3.5 s
        Simulated op = new Simulated(n -> {
            long t = clock.nanoTime() - t0;
            return t >= 1000 * MS && t < 3500 * MS ? t0 + 3500 * MS - clock.nanoTime() : MS;
        });
        ScenarioRun r = run(phase(new LoadModel.Open(200, ArrivalProcess.CONSTANT, 4), Duration.ofSeconds(5)), op, new RunControl());
        OperationSummary all = r.metrics().all();
        assertThat(all.attempts()).isEqualTo(op.calls.get());
        assertThat(all.attempts() + r.metrics().droppedArrivals()).isEqualTo(1000);
        assertThat(op.maxInFlight.get()).isEqualTo(4);
        assertThat(op.startThreads).containsExactly("stampede-arrivals");
        assertThat(all.latency().p90Ms()).isGreaterThan(1000);
        assertThat(all.latency().maxMs()).isGreaterThan(2400);
        assertThat(all.execution().p90Ms()).isLessThan(100);
        assertThat(r.metrics().startLag().p90Ms()).isGreaterThan(300);
        assertThat(r.stalls()).hasSize(1);
        Stall s = r.stalls().get(0);
        assertThat(s.startSecond()).isCloseTo(1.0, within(1e-6));
        assertThat(s.endSecond()).isCloseTo(3.0, within(1e-6));
        assertThat(s.inFlight()).isEqualTo(4);
    }

    @Test
    void openModelArrivalsThatCannotStartInTimeAreDropped() throws Exception {
        Simulated op = new Simulated(50);
        ScenarioRun r = run(phase(new LoadModel.Open(100, ArrivalProcess.CONSTANT, 1), Duration.ofSeconds(1)), op, new RunControl());
        assertThat(op.calls.get()).isEqualTo(20);
        assertThat(r.metrics().all().attempts()).isEqualTo(op.calls.get());
        assertThat(r.metrics().droppedArrivals()).isEqualTo(100 - 20);
    }

    @Test
    void openModelStopCountsEveryDueArrivalThatNeverStartedAsDropped() throws Exception {
        Simulated op = new Simulated(50);
        RunControl control = new RunControl();
        stopAt(control, Duration.ofMillis(2025), StopReason.INTERRUPTED);
        ScenarioRun r = run(phase(new LoadModel.Open(100, ArrivalProcess.CONSTANT, 1), Duration.ofSeconds(10)), op, control);
        assertThat(op.calls.get()).isEqualTo(41);
        assertThat(r.metrics().all().attempts()).isEqualTo(op.calls.get());
        assertThat(r.metrics().droppedArrivals()).isEqualTo(203 - 41);
        assertThat(r.stopReason()).isEqualTo(StopReason.INTERRUPTED);
        assertThat(r.measuredSeconds()).isCloseTo(2.025, within(1e-9));
    }

    @Test
    void aStopEndsTheRunEarlyAndUsersWaitingOnThinkTimeDoNotHoldItBack() throws Exception {
        Simulated op = new Simulated(1);
        RunControl control = new RunControl();
        stopAt(control, Duration.ofMillis(400).plusNanos(500_000), StopReason.INTERRUPTED);
        ScenarioRun r = run(phase(closed(2), Duration.ofSeconds(30)), op, control);
        assertThat(r.elapsedSeconds()).isLessThan(0.5);
        assertThat(r.stopReason()).isEqualTo(StopReason.INTERRUPTED);
        assertThat(r.metrics().all().attempts()).isEqualTo(op.calls.get()).isEqualTo(802);

        Simulated thinking = new Simulated(1);
        RunControl other = new RunControl();
        stopAt(other, Duration.ofSeconds(1), StopReason.INTERRUPTED);
        ScenarioRun t = new Engine(clock, settings()).runScenario(new ScenarioPlan("u", "test", List.of(phase(
                        new LoadModel.Closed(3, Duration.ZERO, Duration.ofSeconds(20)), Duration.ofSeconds(60))), null),
                single(thinking), List.of(), other, ProgressListener.NONE);
        assertThat(thinking.calls.get()).isEqualTo(3);
        assertThat(t.metrics().all().attempts()).isEqualTo(3);
        assertThat(t.elapsedSeconds()).isLessThan(1.1); // not the 20 s think time
    }

    @Test
    void attemptsThatNeverCompleteAreAbandonedOnceWithinTheBoundAndALateCompletionIsIgnored() throws Exception {
        Hung op = new Hung();
        RunControl control = new RunControl();
        AtomicInteger aborts = new AtomicInteger();
        control.onAbort(aborts::incrementAndGet); // an abort that frees nothing
        ScenarioRun r = run(phase(closed(2), Duration.ofSeconds(5)), op, control);
        // end 5 s, grace 3 s, the (empty) interrupt step and 1 s, abort and 3 s, then abandoned
        assertThat(r.elapsedSeconds()).isBetween(12.0, 12.05);
        assertThat(aborts.get()).isEqualTo(1);
        assertThat(r.stopReason()).isEqualTo(StopReason.TARGET_HUNG);
        assertThat(r.stopDetail()).contains("2 attempts", "phase 'steady'", "2 never returned");
        assertThat(op.pending).hasSize(2);
        assertThat(r.metrics().all().unknown()).isEqualTo(op.pending.size());
        assertThat(r.metrics().all().errors().get(0).code()).isEqualTo("abandoned");
        assertThat(r.stalls()).hasSize(1);
        assertThat(r.stalls().get(0).inFlight()).isEqualTo(2);
        // the replies arrive after all: ignored, and no user starts another attempt
        for (Completion c : op.pending) c.complete(Outcome.OK);
        assertThat(op.pending).hasSize(2);
    }

    @Test
    void attemptsCompletedByTheAbortAreCutOffAndCountedOnceWhateverElseArrives() throws Exception {
        Hung op = new Hung();
        RunControl control = new RunControl();
        ErrorClass ioError = new ErrorClass("redis-connection", "connection closed", true);
        control.onAbort(() -> {
            // closing the connections fails the requests in flight, then a late reply arrives for each
            for (Completion c : op.pending) {
                c.complete(Outcome.unknown(ioError, "Connection closed"));
                c.complete(Outcome.OK);
            }
        });
        ScenarioRun r = run(phase(closed(3), Duration.ofSeconds(5)), op, control);
        assertThat(r.elapsedSeconds()).isBetween(9.0, 9.05); // end, grace, 1 s, then the abort frees them
        assertThat(r.stopReason()).isEqualTo(StopReason.TARGET_HUNG);
        assertThat(op.pending).hasSize(3);
        assertThat(r.metrics().all().attempts()).isEqualTo(op.pending.size());
        assertThat(r.metrics().all().unknown()).isEqualTo(3);
        assertThat(r.metrics().all().errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("cut-off");
            assertThat(e.connectionFailure()).isFalse();
            assertThat(e.sample()).contains("Connection closed");
        });
        assertThat(r.stopDetail()).contains("0 never returned");
    }

    @Test
    void anExceptionFromStartIsAClientErrorAndTheUserGoesOn() throws Exception {
        AtomicLong calls = new AtomicLong();
        AsyncOperation flaky = new AsyncOperation() {
            @Override public String name() { return "flaky"; }
            @Override public void start(OperationContext c, Completion done) {
                long n = calls.incrementAndGet();
                if (n % 10 == 0) throw new IllegalStateException("generator ran dry");
                if (n % 10 == 5) {
                    // a buggy operation: completes, then throws; still one attempt
                    io.schedule(clock.nanoTime() + MS, () -> done.complete(Outcome.OK));
                    throw new IllegalArgumentException("after scheduling");
                }
                io.schedule(clock.nanoTime() + MS, () -> done.complete(Outcome.OK));
            }
        };
        ScenarioRun r = run(phase(closed(1), Duration.ofSeconds(2)), flaky, new RunControl());
        assertThat(r.stopReason()).isEqualTo(StopReason.COMPLETED);
        long inline = calls.get() / 10;
        assertThat(r.metrics().all().attempts()).isEqualTo(calls.get());
        assertThat(r.metrics().all().failed()).isEqualTo(inline + (calls.get() + 5) / 10);
        assertThat(r.metrics().all().errors().get(0).code()).isEqualTo("client-error");
        // 1 ms per attempt except the ones that fail at once: 2000 timed attempts in 2 s
        assertThat(calls.get() - inline - (calls.get() + 5) / 10).isBetween(1999L, 2001L);
    }

    @Test
    void attemptsCompletedInsideStartLoopOnTheSameThreadWithoutRecursion() throws Exception {
        AtomicLong calls = new AtomicLong();
        AsyncOperation mixed = new AsyncOperation() {
            @Override public String name() { return "mixed"; }
            @Override public void start(OperationContext c, Completion done) {
                // the first 100,000 complete at once (a cached reply): far deeper than a stack would allow if each
                // completion started the next attempt by recursion; then 1 ms each on the I/O thread
                if (calls.incrementAndGet() <= 100_000) done.complete(Outcome.OK);
                else io.schedule(clock.nanoTime() + MS, () -> done.complete(Outcome.OK));
            }
        };
        ScenarioRun r = run(phase(closed(2), Duration.ofSeconds(1)), mixed, new RunControl());
        assertThat(calls.get()).isEqualTo(100_000 + 2 * 1000); // then 2 users x 1000 attempts of 1 ms
        assertThat(r.metrics().all().ok()).isEqualTo(calls.get());
    }

    @Test
    void warmUpIsNotRecordedAndTheBlockingCallStillWorks() throws Exception {
        Simulated op = new Simulated(1);
        ScenarioPlan plan = new ScenarioPlan("t", "test", List.of(
                new PhasePlan("warmup", closed(1), null, 7, false),
                new PhasePlan("steady", closed(1), null, 4, true)), null);
        ScenarioRun r = engine.runScenario(plan, single(op), List.of(), new RunControl(), ProgressListener.NONE);
        assertThat(op.calls.get()).isEqualTo(11);
        assertThat(r.metrics().all().attempts()).isEqualTo(4);

        // the default call() for callers that block: waits for the completion on the I/O thread
        Outcome o = op.call(new OperationContext(new java.util.SplittableRandom(1), clock));
        assertThat(o.isOk()).isTrue();
        assertThat(op.calls.get()).isEqualTo(12);
    }

    @Test
    void aMixedWorkloadRunsOnThreads() throws Exception {
        Simulated async = new Simulated(1);
        dev.stampede.core.api.Operation blocking = new dev.stampede.core.api.Operation() {
            @Override public String name() { return "blocking"; }
            @Override public Outcome call(OperationContext c) throws InterruptedException {
                clock.sleepUntil(clock.nanoTime() + MS);
                return Outcome.OK;
            }
        };
        WeightedWorkload w = new WeightedWorkload("mixed", List.of(new WeightedWorkload.Entry(async, 1),
                new WeightedWorkload.Entry(blocking, 1)));
        ScenarioRun r = engine.runScenario(new ScenarioPlan("t", "test", List.of(new PhasePlan("steady", closed(2), null, 50, true)), null),
                w, List.of(), new RunControl(), ProgressListener.NONE);
        assertThat(r.metrics().all().attempts()).isEqualTo(100);
        assertThat(async.startThreads).allMatch(n -> n.startsWith("vu-"));
    }
}
