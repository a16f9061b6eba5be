package dev.stampede.core.resilience;

import dev.stampede.core.report.ChartWindows;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The report built from stats recorded at known engine-clock instants. */
class ResilienceReportTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 100 * S;   // the scenario's start on the engine clock

    private static final ResiliencePolicy POLICY = new ResiliencePolicy(
            new RetryPolicy(4, Duration.ofMillis(100), 2, 0, Duration.ofSeconds(5), Set.of()),
            new ResiliencePolicy.Breaker(50, 10, 5, Duration.ofSeconds(1), 2));

    /** {@code logical} requests at second {@code sec}, each making {@code perRequest} physical attempts. */
    private static void requests(ResilienceStats stats, int sec, int logical, int perRequest) {
        for (int i = 0; i < logical; i++) {
            long at = T0 + sec * S + i * 1000L;
            stats.logical(at);
            for (int p = 0; p < perRequest; p++) stats.physical(at);
        }
    }

    @Test
    void amplificationInsideTheFaultWindowsIsSeparateFromTheWholeRun() {
        ResilienceStats stats = new ResilienceStats(3);
        requests(stats, 0, 100, 1);   // before the fault: no retries
        requests(stats, 1, 100, 1);
        requests(stats, 2, 10, 4);    // inside the fault: every request retried 3 times
        requests(stats, 3, 10, 4);
        requests(stats, 4, 100, 1);   // after
        List<long[]> windows = List.<long[]>of(new long[]{T0 + 2 * S, T0 + 4 * S});
        ResilienceReport r = ResilienceReport.of(POLICY, stats, "closed", T0, 5, windows);
        assertEquals(320, r.logicalRequests());
        assertEquals(380, r.physicalAttempts());
        assertEquals(380.0 / 320, r.amplification(), 1e-9);
        assertEquals(4.0, r.faultAmplification(), 1e-9, "seconds 2 and 3 only");
        assertNull(ResilienceReport.of(POLICY, stats, "closed", T0, 5, List.of()).faultAmplification(), "no faults, no figure");
    }

    @Test
    void theBreakerTimelineIsOnTheScenarioAxisAndAnOpenBreakerIsDrawnToTheEnd() {
        ResilienceStats stats = new ResilienceStats(3);
        stats.transition(T0 + 2 * S, State.CLOSED, State.OPEN);
        stats.transition(T0 + 3 * S, State.OPEN, State.HALF_OPEN);
        stats.transition(T0 + 3 * S + S / 2, State.HALF_OPEN, State.OPEN);   // the trial calls failed
        ResilienceReport r = ResilienceReport.of(POLICY, stats, "open", T0, 12.5, List.of());
        assertEquals(List.of(new ResilienceReport.BreakerChange(2.0, "closed", "open"),
                new ResilienceReport.BreakerChange(3.0, "open", "half-open"),
                new ResilienceReport.BreakerChange(3.5, "half-open", "open")), r.breaker());
        assertEquals("open", r.breakerStateAtEnd());
        assertEquals(List.of(new ChartWindows.Window("breaker", "breaker open", 2.0, 3.0),
                new ChartWindows.Window("breaker", "breaker open", 3.5, 12.5)), r.chartWindows());
    }

    @Test
    void aBreakerThatClosedAgainDrawsOnlyItsOpenPeriod() {
        ResilienceStats stats = new ResilienceStats(3);
        stats.transition(T0 + S, State.CLOSED, State.OPEN);
        stats.transition(T0 + 2 * S, State.OPEN, State.HALF_OPEN);
        stats.transition(T0 + 2 * S + S / 4, State.HALF_OPEN, State.CLOSED);
        ResilienceReport r = ResilienceReport.of(POLICY, stats, "closed", T0, 10, List.of());
        assertEquals(List.of(new ChartWindows.Window("breaker", "breaker open", 1.0, 2.0)), r.chartWindows());
    }

    @Test
    void backoffsAreReportedPerRetryNumberBesideTheConfiguredSequence() {
        ResilienceStats stats = new ResilienceStats(3);
        stats.waited(1, 100_000_000L, 101_000_000L);
        stats.waited(1, 100_000_000L, 103_000_000L);
        stats.waited(2, 200_000_000L, 205_000_000L);
        ResilienceReport r = ResilienceReport.of(POLICY, stats, "closed", T0, 1, List.of());
        assertEquals(List.of(new ResilienceReport.Backoff(1, 2, 100, 100, 102), new ResilienceReport.Backoff(2, 1, 200, 200, 205)),
                r.backoffs());
        assertEquals(3, r.retries());
    }
}
