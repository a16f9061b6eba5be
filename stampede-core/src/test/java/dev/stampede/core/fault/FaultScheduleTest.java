package dev.stampede.core.fault;

import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.NanoClock;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioPlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.engine.StopReason;
import dev.stampede.core.metrics.IntervalRow;
import dev.stampede.core.metrics.ScenarioMetrics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The schedule driven the way the engine drives it (scenarioStarted, then phaseStarted per phase) on a manual clock
 * that only the test moves: windows are applied at their planned offsets from the first recorded phase's start, not
 * before, and the report's timeline places them on the scenario's axis.
 */
class FaultScheduleTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 50 * S;

    /** Time moves only when the test says; the driver's thread sleeps until then. */
    private static final class ManualClock implements NanoClock {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition moved = lock.newCondition();
        private long now = T0;

        @Override public long nanoTime() {
            lock.lock();
            try { return now; } finally { lock.unlock(); }
        }

        @Override public long currentTimeMillis() { return nanoTime() / 1_000_000L; }

        @Override public void sleepUntil(long deadline) throws InterruptedException {
            lock.lock();
            try {
                while (now < deadline) moved.await();
            } finally {
                lock.unlock();
            }
        }

        void set(long t) {
            lock.lock();
            try {
                now = t;
                moved.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** A server-side injector that logs each change with the clock's time, in ms since T0. */
    private static final class Log implements FaultInjector {
        final ManualClock clock;
        final List<String> entries = Collections.synchronizedList(new ArrayList<>());

        Log(ManualClock clock) { this.clock = clock; }

        @Override public void add(Fault f) { entries.add("+" + ((Fault.Server) f).kind() + "@" + (clock.nanoTime() - T0) / 1_000_000); }

        @Override public void remove(Fault f) { entries.add("-" + ((Fault.Server) f).kind() + "@" + (clock.nanoTime() - T0) / 1_000_000); }

        /** Waits (bounded) until {@code n} entries were logged. */
        List<String> await(int n) throws InterruptedException {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (entries.size() < n && System.nanoTime() < until) Thread.sleep(1);
            synchronized (entries) { return List.copyOf(entries); }
        }
    }

    private static final PhasePlan WARMUP = new PhasePlan("warmup", new LoadModel.Closed(1, Duration.ZERO, Duration.ZERO),
            Duration.ofSeconds(2), 0, false);
    private static final PhasePlan STEADY = new PhasePlan("steady", new LoadModel.Closed(1, Duration.ZERO, Duration.ZERO),
            Duration.ofSeconds(10), 0, true);

    private static FaultWindow w(String kind, long atMs, long forMs) {
        return new FaultWindow("database", new Fault.Server(kind, Map.of()), Duration.ofMillis(atMs), Duration.ofMillis(forMs));
    }

    @Test
    void windowsAreAppliedAtTheirOffsetsFromTheFirstRecordedPhase() throws Exception {
        ManualClock clock = new ManualClock();
        Log log = new Log(clock);
        FaultRoutes routes = FaultRoutes.direct();
        routes.serverFaults("database", log);
        FaultWindow hold = w("hold-lock", 1000, 2000), kill = w("terminate-backends", 4000, 500);
        FaultSchedule schedule = new FaultSchedule(List.of(hold, kill), routes, clock);

        schedule.scenarioStarted(T0);
        schedule.phaseStarted(WARMUP);          // not recorded: the offsets do not count from here
        clock.set(T0 + 1500_000_000L);          // past the first window's offset from the scenario's start
        Thread.sleep(20);
        assertEquals(List.of(), log.entries, "nothing applied during the warm-up");
        clock.set(T0 + 2 * S);
        schedule.phaseEnded(WARMUP);
        schedule.phaseStarted(STEADY);          // the zero of the windows: T0 + 2 s
        clock.set(T0 + 2 * S + 999_000_000L);
        Thread.sleep(20);
        assertEquals(List.of(), log.entries, "1 ms before the window");
        clock.set(T0 + 3 * S);
        assertEquals(List.of("+hold-lock@3000"), log.await(1));
        clock.set(T0 + 5 * S);
        assertEquals(List.of("+hold-lock@3000", "-hold-lock@5000"), log.await(2));
        clock.set(T0 + 9 * S);                  // a jump past both ends of the second window: applied in order
        assertEquals(List.of("+hold-lock@3000", "-hold-lock@5000", "+terminate-backends@9000", "-terminate-backends@9000"),
                log.await(4));
        schedule.close();

        List<long[]> applied = schedule.appliedNanos();
        assertEquals(2, applied.size());
        assertEquals(T0 + 3 * S, applied.get(0)[0]);
        assertEquals(T0 + 5 * S, applied.get(0)[1]);

        List<IntervalRow> series = new ArrayList<>();
        for (int sec = 3; sec <= 12; sec++) {
            long ok = sec == 4 || sec == 5 ? 0 : 100;
            series.add(new IntervalRow(sec, "steady", "ALL", ok, ok == 0 ? 5 : 0, 0, ok, 1, 1, 1, 1, 1, 0));
        }
        FaultTimeline t = schedule.timeline(run(series));
        FaultTimeline.Window first = t.windows().get(0);
        assertEquals("hold-lock", first.kind());
        assertEquals(3.0, first.plannedStartS(), 1e-9, "2 s of warm-up + 1 s offset");
        assertEquals(5.0, first.plannedEndS(), 1e-9);
        assertEquals(3.0, first.appliedStartS(), 1e-9);
        assertEquals(5.0, first.appliedEndS(), 1e-9);
        assertEquals(1.0, first.recoveryS(), 1e-9, "second 6 is back at 100/s with no errors");
        FaultTimeline.Window second = t.windows().get(1);
        assertEquals(6.0, second.plannedStartS(), 1e-9);
        assertEquals(9.0, second.appliedStartS(), 1e-9, "applied when the clock got there, 3 s later than planned");
    }

    @Test
    void aScenarioStoppedEarlyLiftsTheFaultInForceAndReportsWhatNeverStarted() throws Exception {
        ManualClock clock = new ManualClock();
        Log log = new Log(clock);
        FaultRoutes routes = FaultRoutes.direct();
        routes.serverFaults("database", log);
        FaultSchedule schedule = new FaultSchedule(List.of(w("hold-lock", 0, 5000), w("restart", 8000, 1000)), routes, clock);
        schedule.scenarioStarted(T0);
        schedule.phaseStarted(STEADY);
        assertEquals(List.of("+hold-lock@0"), log.await(1));
        clock.set(T0 + 2 * S);
        schedule.close();                        // the run stopped at 2 s
        assertEquals(List.of("+hold-lock@0", "-hold-lock@2000"), log.await(2));
        FaultTimeline t = schedule.timeline(run(List.of()));
        assertEquals(2.0, t.windows().get(0).appliedEndS(), 1e-9);
        assertNull(t.windows().get(1).appliedStartS());
        assertEquals("the scenario ended before this fault started", t.windows().get(1).recovery());
    }

    @Test
    void withoutARecordedPhaseNoFaultIsApplied() throws Exception {
        ManualClock clock = new ManualClock();
        Log log = new Log(clock);
        FaultRoutes routes = FaultRoutes.direct();
        routes.serverFaults("database", log);
        FaultSchedule schedule = new FaultSchedule(List.of(w("hold-lock", 0, 100)), routes, clock);
        schedule.scenarioStarted(T0);
        schedule.phaseStarted(WARMUP);
        clock.set(T0 + 10 * S);
        schedule.close();
        assertTrue(log.entries.isEmpty());
        assertEquals("the scenario ended before its recorded phase started", schedule.timeline(run(List.of())).windows().get(0).recovery());
    }

    private static ScenarioRun run(List<IntervalRow> series) {
        ScenarioPlan plan = new ScenarioPlan("s", "d", List.of(WARMUP, STEADY), null);
        return new ScenarioRun(plan, "w", new ScenarioMetrics(List.of(), null, null, 0, series), List.of(), StopReason.COMPLETED,
                0, 12, 10, List.of("warmup", "steady"));
    }
}
