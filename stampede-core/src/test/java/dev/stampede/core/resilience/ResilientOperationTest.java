package dev.stampede.core.resilience;

import dev.stampede.core.api.ErrorClass;
import dev.stampede.core.api.Operation;
import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.engine.NanoClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The policy's logic on a manual clock, over an operation that plays a script of outcomes. */
class ResilientOperationTest {
    private static final ErrorClass LOST = new ErrorClass("08", "connection exception", true);
    private static final ErrorClass SQL = new ErrorClass("23", "integrity constraint violation", false);
    private static final long T0 = 1_000_000_000L;

    /** Single-threaded manual time: sleeping jumps to the deadline. */
    private static final class StepClock implements NanoClock {
        long now = T0;

        @Override public long nanoTime() { return now; }

        @Override public long currentTimeMillis() { return now / 1_000_000L; }

        @Override public void sleepUntil(long deadline) { now = Math.max(now, deadline); }
    }

    /** Returns the scripted outcomes in order (then ok), each taking 1 ms of clock time. */
    private static final class Script implements Operation {
        final Deque<Outcome> next = new ArrayDeque<>();
        final StepClock clock;
        int calls;

        Script(StepClock clock, Outcome... outcomes) {
            this.clock = clock;
            next.addAll(List.of(outcomes));
        }

        @Override public String name() { return "op"; }

        @Override
        public Outcome call(OperationContext ctx) {
            calls++;
            clock.now += 1_000_000L;
            return next.isEmpty() ? Outcome.OK : next.poll();
        }
    }

    private static Outcome lost() { return Outcome.failed(LOST, "connection refused"); }

    private static OperationContext ctx(StepClock clock) {
        OperationContext c = new OperationContext(new SplittableRandom(3), clock);
        c.beginAttempt();
        return c;
    }

    @Test
    void retriesConnectionFailuresWithSeed002sBackoffWaitedOnTheClock() throws Exception {
        StepClock clock = new StepClock();
        Script s = new Script(clock, lost(), lost(), lost());
        ResilienceStats st = new ResilienceStats(3);
        ResilientOperation op = new ResilientOperation(s, RetryPolicy.seed002(), null, clock, st);
        OperationContext ctx = ctx(clock);
        assertEquals(Outcome.OK, op.call(ctx));
        assertEquals(4, s.calls);
        assertEquals(3, ctx.retries());
        assertEquals(T0 + (100 + 200 + 400 + 4) * 1_000_000L, clock.now, "0.1 + 0.2 + 0.4 s of backoff and four 1 ms calls");
        assertEquals(1, st.logicalRequests());
        assertEquals(4, st.physicalAttempts());
        assertEquals(4.0, st.amplification());
        assertEquals(100e6, st.meanWaitNanos(1));
        assertEquals(400e6, st.meanWaitNanos(3));
        assertEquals(-1, st.meanWaitNanos(4));
    }

    @Test
    void givesUpAfterMaxAttemptsAndNeverRetriesWhatIsNotRetryable() throws Exception {
        StepClock clock = new StepClock();
        ResilienceStats st = new ResilienceStats(3);
        Script five = new Script(clock, lost(), lost(), lost(), lost(), lost());
        Outcome o = new ResilientOperation(five, RetryPolicy.seed002(), null, clock, st).call(ctx(clock));
        assertEquals(LOST, o.error());
        assertEquals(4, five.calls, "four physical attempts, then the last failure");

        Script constraint = new Script(clock, Outcome.failed(SQL, "duplicate key"));
        assertEquals(SQL, new ResilientOperation(constraint, RetryPolicy.seed002(), null, clock, st).call(ctx(clock)).error());
        assertEquals(1, constraint.calls, "a server error is not retried");

        Script unknown = new Script(clock, Outcome.unknown(LOST, "connection lost during COMMIT"));
        assertEquals(Outcome.Status.UNKNOWN, new ResilientOperation(unknown, RetryPolicy.seed002(), null, clock, st).call(ctx(clock)).status());
        assertEquals(1, unknown.calls, "an unknown write is not retried unless its class is named");

        RetryPolicy named = new RetryPolicy(2, Duration.ZERO, 1, 0, Duration.ZERO, Set.of("08"));
        Script again = new Script(clock, Outcome.unknown(LOST, "connection lost"));
        assertEquals(Outcome.OK, new ResilientOperation(again, named, null, clock, st).call(ctx(clock)));
        assertEquals(2, again.calls);
    }

    @Test
    void jitterSpreadsTheBackoffWithinItsFactor() {
        RetryPolicy p = new RetryPolicy(6, Duration.ofMillis(100), 2, 0.5, Duration.ofSeconds(1), Set.of());
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 1000; i++) {
            long b = p.backoffNanos(2, r);
            assertTrue(b >= 100e6 && b <= 300e6, "200 ms ± 50 %: " + b);
        }
        assertEquals(1_000_000_000L, p.baseNanos(5), "capped at max: 1.6 s -> 1 s");
    }

    @Test
    void theBreakerOpensRefusesWithoutSendingThenHalfOpensAndClosesOnTheEngineClock() throws Exception {
        StepClock clock = new StepClock();
        ResilienceStats st = new ResilienceStats(0);
        CircuitBreaker cb = EngineClocks.breaker("db", clock, 50, 10, 5, Duration.ofSeconds(2), 2, st);
        Script s = new Script(clock, lost(), lost(), lost(), lost(), lost());
        ResilientOperation op = new ResilientOperation(s, null, cb, clock, st);
        for (int i = 0; i < 5; i++) assertEquals(LOST, op.call(ctx(clock)).error());
        long openedAt = clock.now;
        assertEquals(CircuitBreaker.State.OPEN, cb.getState());
        for (int i = 0; i < 3; i++) assertEquals(ResilientOperation.CIRCUIT_OPEN, op.call(ctx(clock)).error());
        assertEquals(5, s.calls, "refused calls send nothing");
        assertEquals(3, st.rejectedByBreaker());
        clock.now = openedAt + Duration.ofSeconds(2).toNanos() - 1;
        assertEquals(ResilientOperation.CIRCUIT_OPEN, op.call(ctx(clock)).error(), "still open just before its wait ends");
        clock.now = openedAt + Duration.ofSeconds(2).toNanos() + 1;
        long halfOpenAt = clock.now;
        assertEquals(Outcome.OK, op.call(ctx(clock)));
        assertEquals(CircuitBreaker.State.HALF_OPEN, cb.getState());
        assertEquals(Outcome.OK, op.call(ctx(clock)));
        assertEquals(CircuitBreaker.State.CLOSED, cb.getState());
        List<ResilienceStats.Transition> t = st.transitions();
        assertEquals(3, t.size());
        assertEquals(CircuitBreaker.State.OPEN, t.get(0).to());
        assertEquals(openedAt, t.get(0).atNanos());
        assertEquals(CircuitBreaker.State.HALF_OPEN, t.get(1).to());
        assertEquals(halfOpenAt, t.get(1).atNanos());
        assertEquals(CircuitBreaker.State.CLOSED, t.get(2).to());
        assertEquals(4, st.rejectedByBreaker());
        assertEquals(11, st.logicalRequests());
        assertEquals(7, st.physicalAttempts());
    }
}
