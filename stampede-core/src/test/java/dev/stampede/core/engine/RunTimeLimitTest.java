package dev.stampede.core.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole-run safety limit, on a virtual clock. */
class RunTimeLimitTest {
    private static ScenarioPlan plan(String name, Duration d, long iterations) {
        return new ScenarioPlan(name, "t", List.of(new PhasePlan("steady", new LoadModel.Closed(1, Duration.ZERO, Duration.ZERO),
                d, iterations, true)), null);
    }

    @Test
    void theAutomaticLimitIsTwiceThePlanPlusSlackAndAnHourPerUntimedScenario() {
        assertThat(RunTimeLimit.automatic(List.of(plan("a", Duration.ofMinutes(5), 0), plan("b", Duration.ofMinutes(10), 0))))
                .isEqualTo(Duration.ofMinutes(32));
        assertThat(RunTimeLimit.automatic(List.of(plan("c", null, 100)))).isEqualTo(Duration.ofMinutes(62));
    }

    @Test
    void theRunIsStoppedAtTheLimitAndNotBefore() throws Exception {
        try (FakeClock clock = new FakeClock()) {
            RunControl control = new RunControl();
            long start = clock.nanoTime();
            try (RunTimeLimit limit = RunTimeLimit.start(clock, Duration.ofMinutes(10), control)) {
                clock.sleepUntil(start + Duration.ofMinutes(10).toNanos() - 1_000_000L);
                assertThat(control.isStopped()).isFalse();
                clock.sleepUntil(start + Duration.ofMinutes(10).toNanos() + 1_000_000L);
                long deadline = System.nanoTime() + 2_000_000_000L;
                while (!control.isStopped() && System.nanoTime() < deadline) Thread.onSpinWait();
                assertThat(control.stopReason()).isEqualTo(StopReason.TIMEOUT);
                assertThat(limit.limit()).isEqualTo(Duration.ofMinutes(10));
            }
        }
    }

    @Test
    void closingBeforeTheLimitLeavesTheRunAlone() throws Exception {
        try (FakeClock clock = new FakeClock()) {
            RunControl control = new RunControl();
            long start = clock.nanoTime();
            RunTimeLimit.start(clock, Duration.ofSeconds(30), control).close();
            clock.sleepUntil(start + Duration.ofMinutes(5).toNanos());
            assertThat(control.isStopped()).isFalse();
        }
    }
}
