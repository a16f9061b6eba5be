package dev.stampede.core.fault;

import dev.stampede.core.engine.NanoClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FaultDriverTest {
    /** A single-threaded manual clock: sleeping jumps to the deadline. */
    private static final class StepClock implements NanoClock {
        long now = 5_000_000_000L;

        @Override public long nanoTime() { return now; }

        @Override public long currentTimeMillis() { return now / 1_000_000; }

        @Override public void sleepUntil(long deadline) { now = Math.max(now, deadline); }
    }

    /** Records what it was told, with the clock's time. */
    private static final class Recorder implements FaultInjector {
        final StepClock clock;
        final List<String> log = new ArrayList<>();

        Recorder(StepClock clock) { this.clock = clock; }

        @Override public void add(Fault f) { log.add("+" + f.kind() + "@" + (clock.now - 5_000_000_000L) / 1_000_000); }

        @Override public void remove(Fault f) { log.add("-" + f.kind() + "@" + (clock.now - 5_000_000_000L) / 1_000_000); }
    }

    private static FaultWindow w(String target, Fault f, long atMs, long forMs) {
        return new FaultWindow(target, f, Duration.ofMillis(atMs), Duration.ofMillis(forMs));
    }

    @Test
    void appliesStartsAndEndsInTimeOrderWithAnEndBeforeAStartAtTheSameInstant() {
        StepClock clock = new StepClock();
        Recorder db = new Recorder(clock), redis = new Recorder(clock);
        var windows = List.of(w("database", new Fault.Blackhole(), 1000, 500), w("database", new Fault.Reset(), 1500, 200),
                w("redis", new Fault.Latency(Duration.ofMillis(5), Duration.ZERO, Fault.Direction.BOTH), 0, 3000));
        FaultDriver d = new FaultDriver(windows, Map.of("database", db, "redis", redis), clock, clock.now);
        d.run();
        assertEquals(List.of("+blackhole@1000", "-blackhole@1500", "+reset@1500", "-reset@1700"), db.log);
        assertEquals(List.of("+latency@0", "-latency@3000"), redis.log);
        List<FaultDriver.Event> ev = d.events();
        assertEquals(6, ev.size());
        for (FaultDriver.Event e : ev) assertEquals(e.plannedNanos(), e.appliedNanos(), "applied when due on this clock");
    }

    @Test
    void aWindowRunsFromWhenTheInjectorWasAskedToWhenItHadLiftedTheFault() {
        StepClock clock = new StepClock();
        // applying and lifting each take 40 ms (a proxy resetting its connections): the fault may hold from the
        // moment add begins until remove returns, so that is the window
        FaultInjector slow = new FaultInjector() {
            @Override public void add(Fault f) { clock.now += 40_000_000L; }

            @Override public void remove(Fault f) { clock.now += 40_000_000L; }
        };
        long start = clock.now;
        FaultDriver d = new FaultDriver(List.of(w("redis", new Fault.Reset(), 1000, 500)), Map.of("redis", slow), clock, start);
        d.run();
        List<FaultDriver.Event> ev = d.events();
        assertEquals(start + 1_000_000_000L, ev.get(0).appliedNanos(), "start: when add was called");
        assertEquals(start + 1_540_000_000L, ev.get(1).appliedNanos(), "end: when remove had returned");
    }

    @Test
    void tickAppliesOnlyWhatIsDueAndLiftAllEndsWhatIsInForce() throws Exception {
        StepClock clock = new StepClock();
        Recorder db = new Recorder(clock);
        long start = clock.now;
        FaultDriver d = new FaultDriver(List.of(w("database", new Fault.Refuse(), 100, 10_000)), Map.of("database", db), clock, start);
        d.tick(start + 99_000_000L);
        assertEquals(List.of(), db.log);
        clock.now = start + 150_000_000L;
        d.tick(clock.now);
        assertEquals(List.of("+refuse@150"), db.log);
        assertEquals(start + 10_100_000_000L, d.nextDue());
        clock.now = start + 2_000_000_000L;
        d.liftAll();   // the run stopped early
        assertEquals(List.of("+refuse@150", "-refuse@2000"), db.log);
        assertEquals(2, d.events().size());
    }

    @Test
    void aWindowOnATargetWithoutInjectorIsRefused() {
        StepClock clock = new StepClock();
        assertThrows(IllegalArgumentException.class, () -> new FaultDriver(List.of(w("redis", new Fault.Reset(), 0, 10)), Map.of(), clock, 0));
    }

    @Test
    void aFaultThatCannotBeAppliedIsReportedAndTheOthersGoOn() {
        StepClock clock = new StepClock();
        Recorder db = new Recorder(clock);
        FaultInjector broken = new FaultInjector() {
            @Override public void add(Fault f) { throw new IllegalStateException("pg_ctl: cannot be run as root"); }

            @Override public void remove(Fault f) { throw new AssertionError("never added, never removed"); }
        };
        FaultWindow bad = w("redis", new Fault.Reset(), 0, 100), good = w("database", new Fault.Blackhole(), 50, 100);
        FaultDriver d = new FaultDriver(List.of(bad, good), Map.of("redis", broken, "database", db), clock, clock.now);
        d.run();
        assertEquals(List.of("+blackhole@50", "-blackhole@150"), db.log);
        assertEquals("could not be applied: pg_ctl: cannot be run as root", d.failure(bad));
        assertEquals(null, d.failure(good));
        assertEquals(2, d.events().size(), "only the applied window's start and end");
    }
}
