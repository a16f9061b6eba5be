package dev.stampede.core.engine;

import dev.stampede.core.api.ErrorClass;
import dev.stampede.core.api.Operation;
import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.core.workload.WeightedWorkload;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine against in-process operations (no target): timing, accounting and stopping. Real time,
 * short phases.
 */
class EngineTest {
    private final Engine engine = new Engine(NanoClock.SYSTEM,
            new Engine.Settings(Duration.ofMillis(200), Duration.ofSeconds(2), 3, 42));

    /** An operation that sleeps a while; a stand-in for a target, not a mock of one. */
    private static Operation sleeping(String name, long micros) {
        return new Operation() {
            @Override public String name() { return name; }
            @Override public Outcome call(OperationContext c) throws InterruptedException {
                Thread.sleep(Duration.ofNanos(micros * 1000));
                return Outcome.OK;
            }
        };
    }

    private static WeightedWorkload single(Operation op) {
        return new WeightedWorkload("test", List.of(new WeightedWorkload.Entry(op, 1)));
    }

    private ScenarioRun run(PhasePlan phase, Operation op, RunControl control) throws InterruptedException {
        return engine.runScenario(new ScenarioPlan("t", "test", List.of(phase), null), single(op), List.of(), control,
                ProgressListener.NONE);
    }

    @Test
    void closedModelCountsAddUpAndThroughputIsMeasured() throws Exception {
        ScenarioRun r = run(new PhasePlan("steady", new LoadModel.Closed(4, Duration.ZERO, Duration.ZERO),
                Duration.ofSeconds(1), 0, true), sleeping("op", 2000), new RunControl());
        OperationSummary all = r.metrics().all();
        assertThat(all.attempts()).isEqualTo(all.ok() + all.failed() + all.unknown()).isGreaterThan(100);
        assertThat(all.throughputPerSec()).isBetween(200.0, 2100.0);
        assertThat(all.latency().p50Ms()).isBetween(1.9, 50.0);
        assertThat(r.stopReason()).isEqualTo(StopReason.COMPLETED);
        assertThat(r.metrics().series()).isNotEmpty();
    }

    @Test
    void closedModelIterationsArePerUser() throws Exception {
        ScenarioRun r = run(new PhasePlan("steady", new LoadModel.Closed(3, Duration.ZERO, Duration.ofMillis(1)),
                null, 5, true), sleeping("op", 100), new RunControl());
        assertThat(r.metrics().all().attempts()).isEqualTo(15);
    }

    @Test
    void openModelStallShowsInThePercentilesNotAsAFewSlowSamples() throws Exception {
        AtomicLong start = new AtomicLong();
        Operation stallingOp = new Operation() {
            @Override public String name() { return "op"; }
            @Override public Outcome call(OperationContext c) throws InterruptedException {
                long t = System.nanoTime() - start.get();
                if (t >= 1_000_000_000L && t < 2_000_000_000L) {
                    Thread.sleep(Duration.ofNanos(2_000_000_000L - t)); // the target freezes for a second
                } else {
                    Thread.sleep(1);
                }
                return Outcome.OK;
            }
        };
        start.set(System.nanoTime());
        ScenarioRun r = run(new PhasePlan("steady", new LoadModel.Open(200, ArrivalProcess.CONSTANT, 4),
                Duration.ofSeconds(3), 0, true), stallingOp, new RunControl());
        OperationSummary all = r.metrics().all();
        // about a third of the ~600 arrivals fall in the freeze and wait up to a second each
        assertThat(all.attempts()).isBetween(560L, 610L);
        assertThat(all.latency().p90Ms()).isGreaterThan(400);
        assertThat(all.latency().maxMs()).isGreaterThan(850);
        // the service time of most attempts stayed short: measured from actual start, the stall would hide
        assertThat(all.execution().p90Ms()).isLessThan(100);
        assertThat(r.metrics().startLag().p90Ms()).isGreaterThan(300);
    }

    @Test
    void arrivalsThatCannotStartInTimeAreCountedAsDropped() throws Exception {
        ScenarioRun r = run(new PhasePlan("steady", new LoadModel.Open(100, ArrivalProcess.CONSTANT, 1),
                Duration.ofSeconds(1), 0, true), sleeping("slow", 50_000), new RunControl());
        long attempted = r.metrics().all().attempts();
        assertThat(attempted).isBetween(15L, 22L);
        assertThat(attempted + r.metrics().droppedArrivals()).isBetween(98L, 101L);
    }

    @Test
    void stopEndsTheRunEarlyAndMarksItPartial() throws Exception {
        RunControl control = new RunControl();
        Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(400);
            } catch (InterruptedException ignored) {
                return;
            }
            control.stop(StopReason.INTERRUPTED);
        });
        long t0 = System.nanoTime();
        ScenarioRun r = run(new PhasePlan("steady", new LoadModel.Closed(2, Duration.ZERO, Duration.ZERO),
                Duration.ofSeconds(30), 0, true), sleeping("op", 1000), control);
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5);
        assertThat(r.partial()).isTrue();
        assertThat(r.stopReason()).isEqualTo(StopReason.INTERRUPTED);
        assertThat(r.metrics().all().ok()).isPositive();
    }

    @Test
    void onlyConnectionFailuresForSeveralIntervalsMeansTheTargetIsLost() throws Exception {
        ErrorClass refused = new ErrorClass("08", "connection_exception", true);
        Operation dead = new Operation() {
            @Override public String name() { return "op"; }
            @Override public Outcome call(OperationContext c) throws InterruptedException {
                Thread.sleep(5);
                return Outcome.failed(refused, "connection refused");
            }
        };
        RunControl control = new RunControl();
        ScenarioRun r = run(new PhasePlan("steady", new LoadModel.Closed(2, Duration.ZERO, Duration.ZERO),
                Duration.ofSeconds(30), 0, true), dead, control);
        assertThat(r.stopReason()).isEqualTo(StopReason.TARGET_LOST);
        assertThat(control.stopReason()).isEqualTo(StopReason.TARGET_LOST);
        assertThat(r.metrics().all().failed()).isPositive();
        assertThat(r.metrics().all().connectionFailureRate()).isEqualTo(1.0);
    }

    @Test
    void anExceptionInAnOperationIsAFailedAttemptNotACrash() throws Exception {
        Operation buggy = new Operation() {
            @Override public String name() { return "buggy"; }
            @Override public Outcome call(OperationContext c) { throw new IllegalStateException("boom"); }
        };
        ScenarioRun r = run(new PhasePlan("steady", new LoadModel.Closed(1, Duration.ZERO, Duration.ZERO), null, 3, true),
                buggy, new RunControl());
        assertThat(r.metrics().all().failed()).isEqualTo(3);
        assertThat(r.metrics().all().errors().get(0).sample()).contains("boom");
    }

    /** Waits for the latch and ignores interrupts, like a platform thread blocked in a socket read. */
    private static Operation uninterruptible(java.util.concurrent.CountDownLatch release) {
        return new Operation() {
            @Override public String name() { return "stuck"; }
            @Override public Outcome call(OperationContext c) {
                while (true) {
                    try {
                        release.await();
                        return Outcome.OK;
                    } catch (InterruptedException ignored) {
                        // a blocked socket read does not notice interrupts either
                    }
                }
            }
        };
    }

    @Test
    void aStopAbortsAttemptsThatIgnoreInterruptsAndCountsEachOnce() throws Exception {
        var release = new java.util.concurrent.CountDownLatch(1);
        RunControl control = new RunControl();
        control.onAbort(release::countDown); // like closing the pool: the blocked attempts return
        Thread.ofPlatform().start(() -> {
            try { Thread.sleep(300); } catch (InterruptedException ignored) { return; }
            control.stop(StopReason.INTERRUPTED);
        });
        ScenarioRun r = run(new PhasePlan("steady", new LoadModel.Closed(3, Duration.ZERO, Duration.ZERO),
                Duration.ofSeconds(30), 0, true), uninterruptible(release), control);
        assertThat(r.metrics().all().attempts()).isEqualTo(3);
        assertThat(r.metrics().all().ok()).isEqualTo(3);
    }

    @Test
    void attemptsThatNeverReturnAreCountedAsUnknownAndTheRunStillEnds() throws Exception {
        var never = new java.util.concurrent.CountDownLatch(1);
        RunControl control = new RunControl();
        Thread.ofPlatform().start(() -> {
            try { Thread.sleep(300); } catch (InterruptedException ignored) { return; }
            control.stop(StopReason.INTERRUPTED);
        });
        long t0 = System.nanoTime();
        ScenarioRun r = run(new PhasePlan("steady", new LoadModel.Closed(2, Duration.ZERO, Duration.ZERO),
                Duration.ofSeconds(60), 0, true), uninterruptible(never), control);
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(15);
        assertThat(r.metrics().all().unknown()).isEqualTo(2);
        assertThat(r.metrics().all().errors().get(0).code()).isEqualTo("abandoned");
        never.countDown(); // the stuck attempts now return; they must not be counted a second time
        Thread.sleep(100);
        assertThat(r.metrics().all().attempts()).isEqualTo(2);
    }

    @Test
    void virtualAndPlatformThreadsBothRunTheSameWorkload() throws Exception {
        for (ThreadMode mode : ThreadMode.values()) {
            Engine e = new Engine(NanoClock.SYSTEM, new Engine.Settings(Duration.ofMillis(200), Duration.ofSeconds(2), 3, 1, mode));
            ScenarioRun r = e.runScenario(new ScenarioPlan("t", "test", List.of(new PhasePlan("steady",
                            new LoadModel.Closed(4, Duration.ZERO, Duration.ZERO), null, 10, true)), null),
                    single(sleeping("op", 100)), List.of(), new RunControl(), ProgressListener.NONE);
            assertThat(r.metrics().all().ok()).as(mode.name()).isEqualTo(40);
        }
        assertThat(ThreadMode.AUTO.virtualFor(ThreadMode.AUTO_PLATFORM_LIMIT)).isFalse();
        assertThat(ThreadMode.AUTO.virtualFor(ThreadMode.AUTO_PLATFORM_LIMIT + 1)).isTrue();
    }

    @Test
    void warmupPhaseIsNotRecorded() throws Exception {
        ScenarioPlan plan = new ScenarioPlan("t", "test", List.of(
                new PhasePlan("warmup", new LoadModel.Closed(1, Duration.ZERO, Duration.ZERO), null, 7, false),
                new PhasePlan("steady", new LoadModel.Closed(1, Duration.ZERO, Duration.ZERO), null, 4, true)), null);
        ScenarioRun r = engine.runScenario(plan, single(sleeping("op", 100)), List.of(), new RunControl(), ProgressListener.NONE);
        assertThat(r.metrics().all().attempts()).isEqualTo(4);
        assertThat(r.phasesRun()).containsExactly("warmup", "steady");
    }

    @Test
    void scenarioTimeLimitStopsOnlyThatScenario() throws Exception {
        RunControl control = new RunControl();
        ScenarioRun r = engine.runScenario(new ScenarioPlan("t", "test", List.of(new PhasePlan("steady",
                        new LoadModel.Closed(1, Duration.ZERO, Duration.ZERO), Duration.ofSeconds(30), 0, true)), Duration.ofMillis(600)),
                single(sleeping("op", 1000)), List.of(), control, ProgressListener.NONE);
        assertThat(r.stopReason()).isEqualTo(StopReason.TIMEOUT);
        assertThat(control.isStopped()).isFalse();
    }
}
