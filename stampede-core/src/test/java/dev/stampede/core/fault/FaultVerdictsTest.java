package dev.stampede.core.fault;

import dev.stampede.core.verdict.MetricVerdict;
import dev.stampede.core.verdict.Status;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultVerdictsTest {
    private static MetricVerdict v(String metric, Status s) {
        return new MetricVerdict(metric, metric, 12.5, "%", 1.0, "<=", s, null, "over the limit");
    }

    @Test
    void genericVerdictsAreKeptWithTheirValueButNotJudgedOthersStay() {
        List<MetricVerdict> out = FaultVerdicts.notJudged(List.of(v("error_rate_percent", Status.FAILED),
                v("lost_acknowledged_writes", Status.FAILED), v("p99_response_time_ms", Status.PASSED)), "a blackhole on purpose");
        assertEquals(Status.PASSED, out.get(0).status());
        assertEquals(12.5, out.get(0).value());
        assertTrue(out.get(0).reason().startsWith("not judged: a blackhole on purpose (it would be failed: over the limit)"), out.get(0).reason());
        assertEquals(Status.FAILED, out.get(1).status(), "a target's own check is never excused");
        assertEquals("over the limit", out.get(2).reason(), "a passed verdict is left as it is");
    }

    @Test
    void aFailedThroughputMinimumIsNotJudgedEither() {
        // the evaluator names it throughput_ops; a retyped list once said "throughput" and judged it
        MetricVerdict low = new MetricVerdict("throughput_ops", "Throughput", 3.0, "ops/s", 100.0, ">=", Status.FAILED, null, "below");
        assertEquals(Status.PASSED, FaultVerdicts.notJudged(List.of(low), "an outage on purpose").get(0).status());
    }

    @Test
    void eachWindowIsJudgedByItsRecovery() {
        FaultTimeline t = new FaultTimeline(List.of(
                new FaultTimeline.Window("database", "blackhole", "", 2, 5, 2.0, 5.0, 1.5, "first interval ..."),
                new FaultTimeline.Window("database", "reset", "", 6, 7, 6.0, 7.0, null, "not recovered by the end of the scenario"),
                new FaultTimeline.Window("database", "restart", "", 8, 9, null, null, null, "could not be applied: pg_ctl failed"),
                new FaultTimeline.Window("redis", "reset", "", 20, 21, null, null, null, "the scenario ended before this fault started")),
                List.of());
        List<MetricVerdict> out = FaultVerdicts.recovery(t);
        assertEquals(List.of(Status.PASSED, Status.FAILED, Status.FAILED, Status.WARNING), out.stream().map(MetricVerdict::status).toList());
        assertEquals(1.5, out.get(0).value());
        assertEquals("fault_recovery_s:3", out.get(2).metric());
        assertEquals("could not be applied: pg_ctl failed", out.get(2).reason());
    }
}
