package dev.stampede.core.engine;

import dev.stampede.core.api.ErrorClass;
import dev.stampede.core.api.Operation;
import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.core.workload.WeightedWorkload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The engine against in-process operations (no target) on a virtual clock ({@link FakeClock}): timing,
 * accounting, bounded ends and stops. Every count is checked against the operation's own call counter,
 * never against a sum of the engine's own numbers. Deterministic: the virtual clock moves only when
 * every thread is idle, and no test's events coincide at one virtual instant where order would matter.
 */
@Timeout(60)
class EngineTest {
    private static final long MS = 1_000_000L;
    private final FakeClock clock = new FakeClock();
    private final Engine engine = new Engine(clock, settings());

    private static Engine.Settings settings() {
        return new Engine.Settings(Duration.ofSeconds(1), Duration.ofSeconds(3), 3, 42);
    }

    @AfterEach
    void stopClock() {
        clock.close();
    }

    /** An operation that takes {@code millis} of virtual time and counts its calls. */
    private final class Timed implements Operation {
        final AtomicLong calls = new AtomicLong();
        private final String name;
        private final long millis;

        Timed(String name, long millis) {
            this.name = name;
            this.millis = millis;
        }

        @Override public String name() { return name; }

        @Override public Outcome call(OperationContext c) throws InterruptedException {
            calls.incrementAndGet();
            clock.sleepUntil(clock.nanoTime() + millis * MS);
            return Outcome.OK;
        }
    }

    /** Blocks until released and ignores interrupts, like a platform thread in a socket read on a frozen server. */
    private static final class Stuck implements Operation {
        final AtomicLong calls = new AtomicLong();
        final CountDownLatch release = new CountDownLatch(1);

        @Override public String name() { return "stuck"; }

        @Override public Outcome call(OperationContext c) {
            calls.incrementAndGet();
            while (true) {
                try {
                    release.await();
                    return Outcome.OK;
                } catch (InterruptedException ignored) {
                    // a blocked socket read does not notice interrupts either
                }
            }
        }
    }

    private static WeightedWorkload single(Operation op) {
        return new WeightedWorkload("test", List.of(new WeightedWorkload.Entry(op, 1)));
    }

    private static PhasePlan phase(LoadModel model, Duration duration) {
        return new PhasePlan("steady", model, duration, 0, true);
    }

    private static LoadModel.Closed closed(int users) {
        return new LoadModel.Closed(users, Duration.ZERO, Duration.ZERO);
    }

    private ScenarioRun run(PhasePlan phase, Operation op, RunControl control) throws InterruptedException {
        return engine.runScenario(new ScenarioPlan("t", "test", List.of(phase), null), single(op), List.of(), control,
                ProgressListener.NONE);
    }

    /** Stops {@code control} at virtual time {@code atMillis} after now, from a thread the clock knows. */
    private void stopAt(RunControl control, long atMillis, StopReason reason) {
        stopAt(control, Duration.ofMillis(atMillis), reason);
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
    void closedModelCountsMatchTheOperationsOwnCounterAndThroughputIsOverTheMeasuredSecond() throws Exception {
        Timed op = new Timed("op", 2);
        ScenarioRun r = run(phase(closed(4), Duration.ofSeconds(1)), op, new RunControl());
        OperationSummary all = r.metrics().all();
        assertThat(op.calls.get()).isEqualTo(2000); // 4 users x 500 attempts of 2 ms
        assertThat(all.attempts()).isEqualTo(op.calls.get());
        assertThat(all.ok()).isEqualTo(op.calls.get());
        assertThat(r.measuredSeconds()).isEqualTo(1.0);
        assertThat(all.throughputPerSec()).isCloseTo(2000.0, within(0.01));
        assertThat(all.latency().p50Ms()).isCloseTo(2.0, within(0.01));
        assertThat(r.stopReason()).isEqualTo(StopReason.COMPLETED);
        assertThat(r.stalls()).isEmpty();
        assertThat(r.metrics().series()).isNotEmpty();
    }

    @Test
    void closedModelIterationsArePerUser() throws Exception {
        Timed op = new Timed("op", 1);
        ScenarioRun r = run(new PhasePlan("steady", new LoadModel.Closed(3, Duration.ZERO, Duration.ofMillis(1)), null, 5, true),
                op, new RunControl());
        assertThat(op.calls.get()).isEqualTo(15);
        assertThat(r.metrics().all().attempts()).isEqualTo(op.calls.get());
    }

    @Test
    void aRampUpLongerThanThePhaseNeverStretchesItAndThroughputIsOverThePhase() throws Exception {
        // the reported case: 4 users, 30 s ramp-up, 10 s phase, 50 ms statements ran 22.5 s and reported 11 ops/s
        Timed op = new Timed("op", 50);
        ScenarioRun r = run(phase(new LoadModel.Closed(4, Duration.ofSeconds(30), Duration.ZERO), Duration.ofSeconds(10)),
                op, new RunControl());
        // users start at 0 s and 7.5 s; the ones due at 15 s and 22.5 s never start
        assertThat(op.calls.get()).isEqualTo(200 + 50);
        assertThat(r.metrics().all().attempts()).isEqualTo(op.calls.get());
        assertThat(r.elapsedSeconds()).isLessThan(10.1);
        assertThat(r.measuredSeconds()).isEqualTo(10.0);
        assertThat(r.metrics().all().throughputPerSec()).isCloseTo(25.0, within(0.01));
    }

    @Test
    void thinkTimeNeverRunsPastThePhaseEnd() throws Exception {
        Timed op = new Timed("op", 10);
        ScenarioRun r = run(phase(new LoadModel.Closed(1, Duration.ZERO, Duration.ofSeconds(3)), Duration.ofSeconds(5)),
                op, new RunControl());
        assertThat(op.calls.get()).isEqualTo(2); // at 0 s and 3.01 s; the wake at 6.02 s is after the end
        assertThat(r.elapsedSeconds()).isLessThan(5.1);
        assertThat(r.measuredSeconds()).isEqualTo(5.0);
    }

    @Test
    void pacedUsersAreMeasuredFromTheirSlotSoASlowServerShows() throws Exception {
        long[] stallFrom = {0};
        AtomicLong calls = new AtomicLong();
        Operation op = new Operation() {
            @Override public String name() { return "op"; }
            @Override public Outcome call(OperationContext c) throws InterruptedException {
                calls.incrementAndGet();
                long t = clock.nanoTime() - stallFrom[0];
                // the attempt of the slot at 1.0 s is held until 1.5 s; every other takes 10 ms
                clock.sleepUntil(clock.nanoTime() + (t == 1000 * MS ? 500 * MS : 10 * MS));
                return Outcome.OK;
            }
        };
        stallFrom[0] = clock.nanoTime();
        ScenarioRun paced = run(phase(new LoadModel.Closed(1, Duration.ZERO, Duration.ZERO, Duration.ofMillis(100)),
                Duration.ofSeconds(3)), op, new RunControl());
        assertThat(calls.get()).isEqualTo(30);
        assertThat(paced.metrics().all().attempts()).isEqualTo(calls.get());
        // slots 1.1..1.5 s start late, at 1.50, 1.51... and their latency runs from the slot
        assertThat(paced.metrics().all().latency().maxMs()).isCloseTo(500.0, within(1.0));
        assertThat(paced.metrics().all().latency().p90Ms()).isGreaterThan(200.0);

        // the same server without pace: latency from the actual start hides the queueing behind the slow attempt
        Engine other = new Engine(clock, settings());
        stallFrom[0] = clock.nanoTime();
        calls.set(0);
        ScenarioRun unpaced = other.runScenario(new ScenarioPlan("u", "test", List.of(phase(
                        new LoadModel.Closed(1, Duration.ZERO, Duration.ofMillis(90)), Duration.ofSeconds(3))), null),
                single(op), List.of(), new RunControl(), ProgressListener.NONE);
        assertThat(unpaced.metrics().all().attempts()).isEqualTo(calls.get());
        assertThat(unpaced.metrics().all().latency().p90Ms()).isLessThan(20.0);
    }

    @Test
    void paceAndThinkTimeAreExclusive() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        new LoadModel.Closed(1, Duration.ZERO, Duration.ofMillis(1), Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exclusive");
    }

    @Test
    void openModelStallShowsInThePercentilesAndIsReportedAsAStall() throws Exception {
        long t0 = clock.nanoTime();
        AtomicLong calls = new AtomicLong();
        Operation stallingOp = new Operation() {
            @Override public String name() { return "op"; }
            @Override public Outcome call(OperationContext c) throws InterruptedException {
                calls.incrementAndGet();
                long t = clock.nanoTime() - t0;
                // the target freezes from 1 s to 3.5 s
                long until = t >= 1000 * MS && t < 3500 * MS ? t0 + 3500 * MS : clock.nanoTime() + MS;
                clock.sleepUntil(until);
                return Outcome.OK;
            }
        };
        ScenarioRun r = run(phase(new LoadModel.Open(200, ArrivalProcess.CONSTANT, 4), Duration.ofSeconds(5)),
                stallingOp, new RunControl());
        OperationSummary all = r.metrics().all();
        assertThat(all.attempts()).isEqualTo(calls.get());
        assertThat(all.attempts() + r.metrics().droppedArrivals()).isEqualTo(1000);
        assertThat(all.latency().p90Ms()).isGreaterThan(1000);
        assertThat(all.latency().maxMs()).isGreaterThan(2400);
        // the service time of most attempts stayed short: measured from actual start, the stall would hide
        assertThat(all.execution().p90Ms()).isLessThan(100);
        assertThat(r.metrics().startLag().p90Ms()).isGreaterThan(300);
        assertThat(r.stalls()).hasSize(1);
        Stall s = r.stalls().get(0);
        assertThat(s.startSecond()).isCloseTo(1.0, within(1e-6));
        assertThat(s.endSecond()).isCloseTo(3.0, within(1e-6));
        assertThat(s.seconds()).isCloseTo(2.0, within(1e-6));
        assertThat(s.inFlight()).isEqualTo(4);
        assertThat(s.operations()).containsExactly("op");
        assertThat(r.stallExplains("op")).isTrue();
        assertThat(r.stalledSeconds()).isCloseTo(2.0, within(1e-6));
    }

    @Test
    void aShortPauseIsNotAStall() throws Exception {
        long t0 = clock.nanoTime();
        Operation op = new Operation() {
            @Override public String name() { return "op"; }
            @Override public Outcome call(OperationContext c) throws InterruptedException {
                long t = clock.nanoTime() - t0;
                clock.sleepUntil(t >= 1000 * MS && t < 2500 * MS ? t0 + 2500 * MS : clock.nanoTime() + MS);
                return Outcome.OK;
            }
        };
        ScenarioRun r = run(phase(closed(2), Duration.ofSeconds(4)), op, new RunControl());
        assertThat(r.stalls()).isEmpty(); // one stalled interval (1 s to 2 s) is under the 2 s threshold
    }

    @Test
    void arrivalsThatCannotStartInTimeAreCountedAsDropped() throws Exception {
        Timed op = new Timed("slow", 50);
        ScenarioRun r = run(phase(new LoadModel.Open(100, ArrivalProcess.CONSTANT, 1), Duration.ofSeconds(1)),
                op, new RunControl());
        assertThat(op.calls.get()).isEqualTo(20);
        assertThat(r.metrics().all().attempts()).isEqualTo(op.calls.get());
        assertThat(r.metrics().droppedArrivals()).isEqualTo(100 - 20);
    }

    @Test
    void aStopCountsEveryArrivalThatWasDueAndNeverStartedAsDropped() throws Exception {
        Timed op = new Timed("slow", 50);
        RunControl control = new RunControl();
        stopAt(control, 2025, StopReason.INTERRUPTED);
        ScenarioRun r = run(phase(new LoadModel.Open(100, ArrivalProcess.CONSTANT, 1), Duration.ofSeconds(10)), op, control);
        // attempts start at 0, 50, ... 2000 ms; the arrivals due before the stop at 2.025 s are 0, 10, ... 2020 ms
        assertThat(op.calls.get()).isEqualTo(41);
        assertThat(r.metrics().all().attempts()).isEqualTo(op.calls.get());
        assertThat(r.metrics().droppedArrivals()).isEqualTo(203 - 41);
        assertThat(r.stopReason()).isEqualTo(StopReason.INTERRUPTED);
        // the measured window ends at the stop, not when the last attempt finished in the grace after it
        assertThat(r.measuredSeconds()).isCloseTo(2.025, within(1e-9));
    }

    @Test
    void stopEndsTheRunEarlyAndMarksItPartial() throws Exception {
        Timed op = new Timed("op", 1);
        RunControl control = new RunControl();
        stopAt(control, Duration.ofMillis(400).plusNanos(500_000), StopReason.INTERRUPTED);
        ScenarioRun r = run(phase(closed(2), Duration.ofSeconds(30)), op, control);
        assertThat(r.elapsedSeconds()).isLessThan(0.5);
        assertThat(r.partial()).isTrue();
        assertThat(r.stopReason()).isEqualTo(StopReason.INTERRUPTED);
        assertThat(r.metrics().all().attempts()).isEqualTo(op.calls.get()).isEqualTo(802);
    }

    @Test
    void attemptsHungAtThePhaseEndAreCutOffWithinTheBoundAndTheRunStopsAsTargetHung() throws Exception {
        Stuck op = new Stuck();
        RunControl control = new RunControl();
        AtomicInteger aborts = new AtomicInteger();
        control.onAbort(aborts::incrementAndGet); // like closing a pool whose connections do not let go
        try {
            ScenarioRun r = run(phase(closed(2), Duration.ofSeconds(5)), op, control);
            // end 5 s, grace 3 s, interrupt and 1 s, abort and 3 s, then abandoned
            assertThat(r.elapsedSeconds()).isBetween(12.0, 12.05);
            assertThat(aborts.get()).isEqualTo(1);
            assertThat(r.stopReason()).isEqualTo(StopReason.TARGET_HUNG);
            assertThat(control.stopReason()).isEqualTo(StopReason.TARGET_HUNG);
            assertThat(r.partial()).isTrue();
            assertThat(r.stopDetail()).contains("2 attempts", "phase 'steady'", "2 never returned");
            assertThat(op.calls.get()).isEqualTo(2);
            assertThat(r.metrics().all().unknown()).isEqualTo(op.calls.get());
            assertThat(r.metrics().all().errors().get(0).code()).isEqualTo("abandoned");
            assertThat(r.measuredSeconds()).isEqualTo(5.0);
            assertThat(r.stalls()).hasSize(1);
            assertThat(r.stalls().get(0).inFlight()).isEqualTo(2);
            assertThat(r.stalls().get(0).startSecond()).isZero();
            assertThat(r.stalls().get(0).endSecond()).isGreaterThanOrEqualTo(11.0);
        } finally {
            op.release.countDown();
        }
    }

    @Test
    void attemptsFreedByTheAbortAtThePhaseEndAreCountedAsTheyEnded() throws Exception {
        Stuck op = new Stuck();
        RunControl control = new RunControl();
        control.onAbort(op.release::countDown); // closing the pool frees the blocked reads
        ScenarioRun r = run(phase(closed(3), Duration.ofSeconds(5)), op, control);
        assertThat(r.elapsedSeconds()).isBetween(9.0, 9.05); // end, grace, interrupt and 1 s, then the abort frees them
        assertThat(op.calls.get()).isEqualTo(3);
        assertThat(r.metrics().all().attempts()).isEqualTo(op.calls.get());
        assertThat(r.metrics().all().ok()).isEqualTo(3);
        assertThat(r.stopReason()).isEqualTo(StopReason.TARGET_HUNG);
        assertThat(r.stopDetail()).contains("0 never returned");
    }

    @Test
    void attemptsBrokenByTheAbortAreCutOffNotConnectionFailures() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong calls = new AtomicLong();
        ErrorClass ioError = new ErrorClass("08", "connection_exception", true);
        Operation frozen = new Operation() {
            @Override public String name() { return "frozen"; }
            @Override public Outcome call(OperationContext c) {
                calls.incrementAndGet();
                while (true) {
                    try {
                        release.await();
                        return Outcome.unknown(ioError, "An I/O error occurred while sending to the backend");
                    } catch (InterruptedException ignored) {
                        // like a blocked socket read
                    }
                }
            }
        };
        RunControl control = new RunControl();
        control.onAbort(release::countDown); // aborting the connections breaks the blocked reads
        ScenarioRun r = run(phase(closed(3), Duration.ofSeconds(5)), frozen, control);
        assertThat(r.stopReason()).isEqualTo(StopReason.TARGET_HUNG);
        assertThat(r.metrics().all().unknown()).isEqualTo(calls.get()).isEqualTo(3);
        assertThat(r.metrics().all().errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("cut-off");
            assertThat(e.connectionFailure()).isFalse();
            assertThat(e.sample()).contains("08: An I/O error");
        });
    }

    @Test
    void aMonitorThatHangsCannotHangTheScenario() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger samples = new AtomicInteger();
        dev.stampede.core.api.Monitor hanging = new dev.stampede.core.api.Monitor() {
            @Override public String name() { return "db"; }
            @Override public java.util.Map<String, Double> sample() {
                if (samples.incrementAndGet() <= 2) return java.util.Map.of("x", 1.0);
                while (true) {
                    try {
                        never.await(); // a monitoring query on a frozen server
                    } catch (InterruptedException ignored) {
                        // a blocked socket read does not notice interrupts either
                    }
                }
            }
        };
        try {
            ScenarioRun r = engine.runScenario(new ScenarioPlan("t", "test", List.of(phase(closed(1), Duration.ofSeconds(5))), null),
                    single(new Timed("op", 10)), List.of(hanging), new RunControl(), ProgressListener.NONE);
            assertThat(r.elapsedSeconds()).isBetween(8.0, 8.05); // 5 s, then at most the grace for the sampler
            assertThat(r.stopReason()).isEqualTo(StopReason.COMPLETED);
            assertThat(r.metrics().all().attempts()).isEqualTo(500);
            MonitorSeries db = r.monitors().get(0);
            assertThat(db.points()).hasSize(2);
            assertThat(db.error()).contains("stopped answering");
        } finally {
            never.countDown();
        }
    }

    @Test
    void aStopFinishesWithinGraceInterruptAbortAndGraceEvenWhenAttemptsNeverReturn() throws Exception {
        Stuck op = new Stuck();
        RunControl control = new RunControl();
        stopAt(control, 1000, StopReason.INTERRUPTED);
        try {
            ScenarioRun r = run(phase(closed(2), Duration.ofSeconds(60)), op, control);
            assertThat(r.elapsedSeconds()).isBetween(8.0, 8.05); // stop at 1 s + 3 s + 1 s + 3 s
            assertThat(r.stopReason()).isEqualTo(StopReason.INTERRUPTED); // the first reason wins
            assertThat(r.metrics().all().unknown()).isEqualTo(op.calls.get()).isEqualTo(2);
            assertThat(r.measuredSeconds()).isEqualTo(1.0);
        } finally {
            op.release.countDown();
        }
    }

    @Test
    void onlyConnectionFailuresForSeveralIntervalsMeansTheTargetIsLost() throws Exception {
        ErrorClass refused = new ErrorClass("08", "connection_exception", true);
        AtomicLong calls = new AtomicLong();
        Operation dead = new Operation() {
            @Override public String name() { return "op"; }
            @Override public Outcome call(OperationContext c) throws InterruptedException {
                calls.incrementAndGet();
                clock.sleepUntil(clock.nanoTime() + 5 * MS);
                return Outcome.failed(refused, "connection refused");
            }
        };
        RunControl control = new RunControl();
        ScenarioRun r = run(phase(closed(2), Duration.ofSeconds(30)), dead, control);
        assertThat(r.stopReason()).isEqualTo(StopReason.TARGET_LOST);
        assertThat(control.stopReason()).isEqualTo(StopReason.TARGET_LOST);
        assertThat(r.elapsedSeconds()).isLessThan(3.1);
        assertThat(r.metrics().all().failed()).isEqualTo(calls.get());
        assertThat(r.metrics().all().connectionFailureRate()).isEqualTo(1.0);
    }

    @Test
    void aWarmUpThatOnlyFailsToConnectAlsoEndsAsTargetLost() throws Exception {
        ErrorClass refused = new ErrorClass("08", "connection_exception", true);
        Operation dead = new Operation() {
            @Override public String name() { return "op"; }
            @Override public Outcome call(OperationContext c) throws InterruptedException {
                clock.sleepUntil(clock.nanoTime() + 5 * MS);
                return Outcome.failed(refused, "connection refused");
            }
        };
        ScenarioPlan plan = new ScenarioPlan("t", "test", List.of(
                new PhasePlan("warmup", closed(2), Duration.ofSeconds(30), 0, false),
                new PhasePlan("steady", closed(2), Duration.ofSeconds(30), 0, true)), null);
        RunControl control = new RunControl();
        ScenarioRun r = engine.runScenario(plan, single(dead), List.of(), control, ProgressListener.NONE);
        assertThat(r.stopReason()).isEqualTo(StopReason.TARGET_LOST);
        assertThat(r.phasesRun()).containsExactly("warmup");
        assertThat(r.elapsedSeconds()).isLessThan(3.1);
    }

    @Test
    void anExceptionInWorkloadCodeIsAClientErrorAndTheUserGoesOn() throws Exception {
        AtomicLong calls = new AtomicLong();
        Operation flaky = new Operation() {
            @Override public String name() { return "flaky"; }
            @Override public Outcome call(OperationContext c) throws InterruptedException {
                long n = calls.incrementAndGet();
                clock.sleepUntil(clock.nanoTime() + MS);
                if (n % 10 == 0) throw new IllegalStateException("generator ran dry");
                return Outcome.OK;
            }
        };
        ScenarioRun r = run(phase(closed(1), Duration.ofSeconds(2)), flaky, new RunControl());
        assertThat(r.stopReason()).isEqualTo(StopReason.COMPLETED);
        assertThat(r.metrics().all().attempts()).isEqualTo(calls.get()).isEqualTo(2000);
        assertThat(r.metrics().all().failed()).isEqualTo(calls.get() / 10);
        assertThat(r.metrics().all().errors().get(0).code()).isEqualTo("client-error");
        assertThat(r.metrics().all().errors().get(0).sample()).contains("IllegalStateException", "generator ran dry");
    }

    @Test
    void aWorkloadWhoseCodeFailsOnMostAttemptsIsStoppedNamingTheOperationAndTheException() throws Exception {
        AtomicLong calls = new AtomicLong();
        Operation broken = new Operation() {
            @Override public String name() { return "broken"; }
            @Override public Outcome call(OperationContext c) throws InterruptedException {
                calls.incrementAndGet();
                clock.sleepUntil(clock.nanoTime() + MS);
                throw new IllegalArgumentException("no parameter :id");
            }
        };
        ScenarioRun r = run(phase(closed(2), Duration.ofSeconds(60)), broken, new RunControl());
        assertThat(r.stopReason()).isEqualTo(StopReason.WORKLOAD_ERROR);
        assertThat(r.elapsedSeconds()).as(r.stopDetail() + " " + r.measuredSeconds() + " " + calls.get()).isLessThan(1.1);
        assertThat(r.stopDetail()).contains("operation 'broken'", "IllegalArgumentException: no parameter :id");
        assertThat(r.metrics().all().failed()).isEqualTo(calls.get());
    }

    @Test
    void aPoolTimeoutIsAcquireTimeAndNothingIsExecutionTime() throws Exception {
        AtomicLong calls = new AtomicLong();
        Operation exhausted = new Operation() {
            @Override public String name() { return "op"; }
            @Override public Outcome call(OperationContext c) throws InterruptedException {
                calls.incrementAndGet();
                clock.sleepUntil(clock.nanoTime() + 250 * MS); // waiting for a pooled connection that never frees
                c.markAcquireFailed();
                return Outcome.failed(ErrorClass.POOL_TIMEOUT, "pool exhausted");
            }
        };
        ScenarioRun r = run(new PhasePlan("steady", closed(1), null, 5, true), exhausted, new RunControl());
        OperationSummary all = r.metrics().all();
        assertThat(all.failed()).isEqualTo(calls.get()).isEqualTo(5);
        assertThat(all.acquire().count()).isEqualTo(5);
        assertThat(all.acquire().p50Ms()).isCloseTo(250.0, within(0.5));
        assertThat(all.execution().count()).isZero();
        assertThat(all.errors().get(0).label()).contains("pool exhausted");
        assertThat(all.connectionFailureRate()).isEqualTo(1.0);
    }

    @Test
    void virtualAndPlatformThreadsBothRunTheSameWorkload() throws Exception {
        for (ThreadMode mode : ThreadMode.values()) {
            Timed op = new Timed("op", 1);
            Engine e = new Engine(clock, settings().withThreads(mode));
            ScenarioRun r = e.runScenario(new ScenarioPlan("t", "test", List.of(new PhasePlan("steady",
                            closed(4), null, 10, true)), null),
                    single(op), List.of(), new RunControl(), ProgressListener.NONE);
            assertThat(r.metrics().all().ok()).as(mode.name()).isEqualTo(op.calls.get()).isEqualTo(40);
        }
        assertThat(ThreadMode.AUTO.virtualFor(ThreadMode.AUTO_PLATFORM_LIMIT)).isFalse();
        assertThat(ThreadMode.AUTO.virtualFor(ThreadMode.AUTO_PLATFORM_LIMIT + 1)).isTrue();
    }

    @Test
    void progressSnapshotsCarryEachMonitorsLatestValues() throws Exception {
        AtomicInteger samples = new AtomicInteger();
        dev.stampede.core.api.Monitor counting = new dev.stampede.core.api.Monitor() {
            @Override public String name() { return "db"; }
            @Override public java.util.Map<String, Double> sample() { return java.util.Map.of("n", (double) samples.incrementAndGet()); }
        };
        List<ProgressListener.Snapshot> ticks = new java.util.concurrent.CopyOnWriteArrayList<>();
        engine.runScenario(new ScenarioPlan("t", "test", List.of(phase(closed(1), Duration.ofSeconds(4))), null),
                single(new Timed("op", 10)), List.of(counting), new RunControl(), ticks::add);
        assertThat(ticks).hasSizeGreaterThanOrEqualTo(3);
        assertThat(ticks.get(0).monitors()).as("sampled just after the first tick").isEmpty();
        ProgressListener.Snapshot last = ticks.get(ticks.size() - 1);
        assertThat(last.monitors()).containsOnlyKeys("db");
        assertThat(last.monitors().get("db").get("n")).isGreaterThanOrEqualTo(ticks.size() - 2.0);
    }

    @Test
    void warmupPhaseIsNotRecorded() throws Exception {
        Timed op = new Timed("op", 1);
        ScenarioPlan plan = new ScenarioPlan("t", "test", List.of(
                new PhasePlan("warmup", closed(1), null, 7, false),
                new PhasePlan("steady", closed(1), null, 4, true)), null);
        ScenarioRun r = engine.runScenario(plan, single(op), List.of(), new RunControl(), ProgressListener.NONE);
        assertThat(op.calls.get()).isEqualTo(11);
        assertThat(r.metrics().all().attempts()).isEqualTo(4);
        assertThat(r.phasesRun()).containsExactly("warmup", "steady");
    }

    @Test
    void scenarioTimeLimitStopsOnlyThatScenario() throws Exception {
        RunControl control = new RunControl();
        ScenarioRun r = engine.runScenario(new ScenarioPlan("t", "test", List.of(phase(closed(1), Duration.ofSeconds(30))),
                        Duration.ofMillis(2500)), single(new Timed("op", 7)), List.of(), control, ProgressListener.NONE);
        assertThat(r.stopReason()).isEqualTo(StopReason.TIMEOUT);
        assertThat(r.elapsedSeconds()).isLessThan(3.1); // checked at each 1 s tick: stopped at 3 s
        assertThat(control.isStopped()).isFalse();
    }
}
