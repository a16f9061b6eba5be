package dev.stampede.celery;

import dev.stampede.celery.broker.QueueDepth;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.engine.NanoClock;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The tracker's counting and timing rules on a hand-driven clock (no sleeps, no broker). */
class TaskTrackerTest {
    static final long S = 1_000_000_000L, MS = 1_000_000L, EPOCH_MS = 1_796_000_000_000L;

    static final class Clock implements NanoClock {
        long now = 1_000 * S;
        @Override public long nanoTime() { return now; }
        // a wall clock that moves with the monotonic one, as the system's does
        @Override public long currentTimeMillis() { return epochMicros() / 1000; }
        @Override public long epochMicros() {
            now += pauseBeforeWallRead;   // the reading thread paused (a safepoint) just before it read the wall clock
            pauseBeforeWallRead = 0;
            return epochMicrosAt(now);
        }
        long pauseBeforeWallRead;
        long wallStepMicros;   // a step of the wall clock (time sync): the monotonic clock does not move with it
        long epochMicrosAt(long nanos) { return EPOCH_MS * 1000 + wallStepMicros + nanos / 1000; }
        @Override public void sleepUntil(long deadline) { now = Math.max(now, deadline); }
    }

    final Clock clock = new Clock();
    final List<Outcome> outcomes = new ArrayList<>();

    TaskTracker tracker(boolean awaitResult) {
        return new TaskTracker(clock, List.of("t"), awaitResult, 10 * S, 5 * S, "'q'", "celery worker -Q q");
    }

    static String success(String id, double started, double finished) {
        return "{\"status\": \"SUCCESS\", \"result\": {\"started\": " + started + ", \"finished\": " + finished
                + ", \"retries\": 0, \"hostname\": \"w\", \"pid\": 1}, \"task_id\": \"" + id + "\"}";
    }

    @Test
    void aTaskWithoutResultIsCountedOnceAsNeverCompletedAndALateResultIsIgnored() {
        TaskTracker t = tracker(true);
        t.started("a", 0, clock.now, outcomes::add, null);
        t.published("a", 0, clock.now, clock.now + MS, outcomes::add);
        clock.now += 9 * S;
        t.sweep(clock.now, 0, () -> new QueueDepth(0, 0, -1), () -> null, false);
        assertThat(outcomes).isEmpty();
        clock.now += 2 * S;
        t.sweep(clock.now, 0, () -> new QueueDepth(0, 0, -1), () -> null, false);
        t.sweep(clock.now, 0, () -> new QueueDepth(0, 0, -1), () -> null, false);
        assertThat(outcomes).hasSize(1);
        assertThat(outcomes.get(0).error()).isEqualTo(CeleryErrors.RESULT_TIMEOUT);
        t.onMeta("celery-task-meta-a", success("a", 0, 0));
        assertThat(outcomes).hasSize(1);
        assertThat(t.all().unknown()).isEqualTo(1);
        assertThat(t.all().succeeded()).isZero();
        assertThat(t.expireAll()).isZero();
    }

    @Test
    void probeTimestampsSplitEndToEndIntoPartsThatAddUp() {
        TaskTracker t = tracker(true);
        long start = clock.now;
        t.started("b", 0, start, outcomes::add, null);
        t.published("b", 0, start, start + 2 * MS, outcomes::add);
        double startedEpoch = epochAt(t, start + 30 * MS), finishedEpoch = epochAt(t, start + 80 * MS);
        clock.now = start + 85 * MS;
        t.onMeta("celery-task-meta-b", success("b", startedEpoch, finishedEpoch));
        assertThat(outcomes).containsExactly(Outcome.OK);
        TaskStats.Snapshot s = t.all();
        assertThat(s.queueWait().get("p50_ms")).isBetween(29.9, 30.1);
        assertThat(s.runTime().get("p50_ms")).isBetween(49.9, 50.1);
        assertThat(s.resultDelivery().get("p50_ms")).isBetween(4.9, 5.1);
        assertThat(s.endToEnd().get("p50_ms")).isBetween(84.9, 85.1);
        assertThat(Math.abs(s.splitResidualUs())).isLessThanOrEqualTo(2);
        assertThat(s.publishLatency().get("p50_ms")).isBetween(1.99, 2.01);
    }

    @Test
    void aWallClockStepDuringTheRunDoesNotShiftTheSplitOfLaterTasks() {
        TaskTracker t = tracker(true);
        clock.now += 5 * S;
        clock.wallStepMicros = 750_000;   // the wall clock jumps 0.75 s ahead; the worker stamps with the stepped clock
        long start = clock.now;
        t.started("c", 0, start, outcomes::add, null);
        t.published("c", 0, start, start + MS, outcomes::add);
        double startedEpoch = clock.epochMicrosAt(start + 20 * MS) / 1e6, finishedEpoch = clock.epochMicrosAt(start + 60 * MS) / 1e6;
        clock.now = start + 63 * MS;
        t.onMeta("celery-task-meta-c", success("c", startedEpoch, finishedEpoch));
        TaskStats.Snapshot s = t.all();
        assertThat(s.skewed()).isZero();
        assertThat(s.queueWait().get("p50_ms")).isBetween(19.9, 20.1);
        assertThat(s.runTime().get("p50_ms")).isBetween(39.9, 40.1);
        assertThat(s.resultDelivery().get("p50_ms")).isBetween(2.9, 3.1);
        assertThat(s.endToEnd().get("p50_ms")).isBetween(62.9, 63.1);
    }

    @Test
    void aPauseWhileTheClocksAreReadDoesNotShiftTheSplit() {
        TaskTracker t = tracker(true);
        long start = clock.now;
        t.started("d", 0, start, outcomes::add, null);
        t.published("d", 0, start, start + MS, outcomes::add);
        double startedEpoch = clock.epochMicrosAt(start + 20 * MS) / 1e6, finishedEpoch = clock.epochMicrosAt(start + 60 * MS) / 1e6;
        clock.now = start + 63 * MS;
        clock.pauseBeforeWallRead = 10 * MS;   // read naively, the pair would place the worker's times 10 ms early
        t.onMeta("celery-task-meta-d", success("d", startedEpoch, finishedEpoch));
        TaskStats.Snapshot s = t.all();
        assertThat(s.queueWait().get("p50_ms")).isBetween(19.9, 20.1);
        assertThat(s.resultDelivery().get("p50_ms")).isBetween(2.9, 3.1);
        assertThat(s.endToEnd().get("p50_ms")).isBetween(62.9, 63.1);
    }

    /** The epoch seconds a worker would report for engine time {@code nanos}. */
    static double epochAt(TaskTracker t, long nanos) {
        double guess = System.currentTimeMillis() / 1000.0;
        // toEngineNanos is linear with slope 1: solve for the epoch that maps to nanos
        long at = t.toEngineNanos(guess);
        return guess + (nanos - at) / 1e9;
    }

    @Test
    void withoutProbeTimestampsTheWorkersTaskStartedEventGivesQueueWait() {
        TaskTracker t = tracker(true);
        t.runPrefix("r");
        long start = clock.now;
        t.started("r-1", 0, start, outcomes::add, null);
        t.onEvent("task-received", "r-1", epochAt(t, start + 10 * MS));
        t.onEvent("task-started", "r-1", epochAt(t, start + 40 * MS));
        clock.now = start + 100 * MS;
        t.onMeta("celery-task-meta-r-1", "{\"status\": \"SUCCESS\", \"result\": 42}");
        t.onEvent("task-succeeded", "r-1", epochAt(t, start + 99 * MS));
        t.onEvent("task-succeeded", "other-run", 0);
        TaskStats.Snapshot s = t.all();
        assertThat(s.queueWait().get("p50_ms")).isBetween(39.9, 40.1);
        assertThat(s.runTime().get("p50_ms")).isBetween(59.9, 60.1);   // to the state seen: the backend write included
        assertThat(t.eventsFinal()).isEqualTo(1);
        assertThat(t.eventsSeen()).isEqualTo(3);
    }

    @Test
    void retriesAreCountedPerRetryAndFailuresByType() {
        TaskTracker t = tracker(false);
        t.started("c", 0, clock.now, outcomes::add, null);
        t.published("c", 0, clock.now, clock.now + MS, outcomes::add);
        assertThat(outcomes).containsExactly(Outcome.OK);   // publish mode: the attempt ends at the broker's ack
        t.onMeta("celery-task-meta-c", "{\"status\": \"RETRY\", \"result\": {}}");
        t.onMeta("celery-task-meta-c", "{\"status\": \"RETRY\", \"result\": {}}");
        t.onMeta("celery-task-meta-c", "{\"status\": \"FAILURE\", \"result\": {\"exc_type\": \"ValueError\", \"exc_message\": [\"bad\"]}}");
        t.onMeta("celery-task-meta-c", "{\"status\": \"FAILURE\", \"result\": {\"exc_type\": \"ValueError\", \"exc_message\": [\"bad\"]}}");
        TaskStats.Snapshot s = t.all();
        assertThat(s.retries()).isEqualTo(2);
        assertThat(s.retriedTasks()).isEqualTo(1);
        assertThat(s.failed()).isEqualTo(1);
        assertThat(s.failuresByType()).containsEntry("ValueError", 1L);
        assertThat(s.failureSamples().get("ValueError")).isEqualTo("ValueError: bad");
        t.onMeta("celery-task-meta-zzz", "{\"status\": \"SUCCESS\"}");
        assertThat(t.foreignResults()).isEqualTo(2);   // the repeated FAILURE of a task already ended, and an unknown id
    }

    @Test
    void aQueueNobodyTakesFromIsDeclaredWithoutConsumerAfterTheTimeout() {
        TaskTracker t = tracker(true);
        t.started("d", 0, clock.now, outcomes::add, null);
        QueueDepth stuck = new QueueDepth(1, 0, -1);
        for (int i = 0; i < 4; i++) {
            t.sweep(clock.now, 0, () -> stuck, () -> null, true);
            clock.now += S;
        }
        assertThat(t.stalled()).isNull();
        clock.now += 2 * S;
        t.sweep(clock.now, 0, () -> stuck, () -> null, true);
        assertThat(t.stalled()).startsWith("no worker consumes queue 'q'").contains("celery worker -Q q");
        assertThat(outcomes).hasSize(1);
        assertThat(outcomes.get(0).error()).isEqualTo(CeleryErrors.NO_CONSUMER);
        assertThat(outcomes.get(0).error().connectionLoss()).isTrue();
        // new attempts fail at once
        assertThat(t.started("e", 0, clock.now, outcomes::add, null)).isFalse();
        assertThat(outcomes).hasSize(2);
    }

    @Test
    void aShrinkingQueueIsProgressEvenWithoutResults() {
        TaskTracker t = tracker(true);
        t.started("f", 0, clock.now, outcomes::add, null);
        for (int i = 0; i < 10; i++) {
            long ready = 100 - i;
            t.sweep(clock.now, 0, () -> new QueueDepth(ready, 4, -1), () -> null, true);
            clock.now += S;
        }
        assertThat(t.stalled()).isNull();
    }

    @Test
    void aWorkerThatExitedEndsTheWaitAtOnce() {
        TaskTracker t = tracker(true);
        t.started("g", 0, clock.now, outcomes::add, null);
        t.sweep(clock.now, 0, () -> new QueueDepth(0, 0, -1), () -> "the local Celery worker (pid 7) exited with code 1", true);
        assertThat(t.stalled()).contains("exited with code 1");
        assertThat(outcomes).hasSize(1);
    }
}
