package dev.stampede.migration;

import dev.stampede.core.metrics.LatencyStats;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.core.verdict.Status;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PhaseImpactTest {
    private static OperationSummary op(String name, long attempts, long ok, double p95) {
        LatencyStats l = new LatencyStats(attempts, 0.1, p95 / 2, p95 / 3, p95 * 0.9, p95, p95 * 2, p95 * 3, p95 * 4, 1);
        return new OperationSummary(name, attempts, ok, attempts - ok, 0, 0, 0, 0, l, LatencyStats.EMPTY, l, List.of());
    }

    @Test
    void degradationIsThePercentChangeFromTheBaselineAndErrorsInPoints() {
        PhaseImpact base = PhaseImpact.of("baseline", op("baseline", 1000, 1000, 10), 10, null, 20, 1, Status.WARNING);
        assertThat(base.throughputPerSec()).isEqualTo(100);
        assertThat(base.p95ChangePct()).isNull();
        PhaseImpact within = PhaseImpact.of("dual-write", op("dual-write", 600, 597, 11.9), 5, base, 20, 1, Status.WARNING);
        assertThat(within.p95ChangePct()).isCloseTo(19.0, within(1e-9));
        assertThat(within.errorRateChangePp()).isCloseTo(0.5, within(1e-9));
        assertThat(within.throughputChangePct()).isCloseTo(19.4, within(1e-9));
        assertThat(within.status()).isEqualTo(Status.PASSED);
        PhaseImpact slow = PhaseImpact.of("backfill", op("backfill", 1000, 1000, 12.5), 10, base, 20, 1, Status.FAILED);
        assertThat(slow.p95ChangePct()).isCloseTo(25.0, within(1e-9));
        assertThat(slow.status()).isEqualTo(Status.FAILED);
        assertThat(slow.reason()).contains("+25.0 %").contains("limit +20 %");
        PhaseImpact failing = PhaseImpact.of("cutover", op("cutover", 1000, 980, 10), 10, base, 20, 1, Status.WARNING);
        assertThat(failing.errorRateChangePp()).isCloseTo(2.0, within(1e-9));
        assertThat(failing.status()).isEqualTo(Status.WARNING);
    }

    @Test
    void aPhaseWithoutAttemptsIsNotCompared() {
        PhaseImpact base = PhaseImpact.of("baseline", op("baseline", 10, 10, 1), 1, null, 20, 1, Status.WARNING);
        PhaseImpact none = PhaseImpact.of("verify", null, 2, base, 20, 1, Status.WARNING);
        assertThat(none.attempts()).isZero();
        assertThat(none.p95ChangePct()).isNull();
        assertThat(none.status()).isEqualTo(Status.PASSED);
    }
}
