package dev.stampede.core.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The stages' arithmetic: the target over time, when each user runs, and the ramping arrival schedule. */
class StagesTest {
    private static final long S = 1_000_000_000L;

    private static Stages stages(double start, Object... durationTarget) {
        List<Stages.Stage> out = new ArrayList<>();
        for (int i = 0; i < durationTarget.length; i += 2) {
            out.add(new Stages.Stage(Duration.ofSeconds(((Number) durationTarget[i]).longValue()), ((Number) durationTarget[i + 1]).doubleValue()));
        }
        return new Stages(start, out);
    }

    @Test
    void theTargetMovesLinearlyAndHoldsItsLastValue() {
        Stages s = stages(0, 10, 10, 20, 10, 10, 0);
        assertThat(s.total()).isEqualTo(Duration.ofSeconds(40));
        assertThat(s.peak()).isEqualTo(10);
        assertThat(s.valueAt(5 * S)).isEqualTo(5.0);
        assertThat(s.valueAt(20 * S)).isEqualTo(10.0);
        assertThat(s.valueAt(35 * S)).isEqualTo(5.0);
        assertThat(s.valueAt(99 * S)).isEqualTo(0.0);
        assertThat(s.describe("users")).isEqualTo("0 -> 10 over 10s, held 20s, -> 0 over 10s users");
    }

    @Test
    void usersStartAsAnEvenRampUpWouldAndStopOnTheWayDown() {
        Stages s = stages(0, 10, 10, 20, 10, 10, 0);
        // a ramp of 10 users over 10 s starts user u at u seconds, as ramp_up: 10s does
        for (int u = 0; u < 10; u++) assertThat(s.nextActive(u, 0)).isEqualTo(u * S);
        // on the way down user 9 stops first: the target is 9 at 31 s, so after that user 9 never runs again
        assertThat(s.nextActive(9, 30 * S)).isEqualTo(30 * S);
        assertThat(s.nextActive(9, 31 * S)).isEqualTo(Long.MAX_VALUE);
        assertThat(s.nextActive(0, 39 * S)).isEqualTo(39 * S);
        assertThat(s.nextActive(0, 40 * S)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aUserRampedDownRunsAgainWhenTheTargetRisesAgain() {
        Stages s = stages(4, 10, 1, 10, 1, 10, 4);
        assertThat(s.nextActive(2, 0)).isEqualTo(0);
        long down = s.nextActive(2, 6 * S); // 4 -> 1 over 10 s: at 6 s the target is 2.2
        assertThat(down).isEqualTo(6 * S);
        // below 2 from 6.67 s until the last stage brings it back to 2 at 23.33 s
        assertThat(s.nextActive(2, 7 * S)).isCloseTo(23_333_333_334L, within(2L));
        assertThat(s.nextActive(3, 0)).isEqualTo(0);
        // below 3 from 3.33 s; the last stage brings the target back above 3 from 26.67 s
        assertThat(s.nextActive(3, 4 * S)).isCloseTo(26_666_666_667L, within(2L));
        assertThat(s.nextActive(4, 0)).isEqualTo(Long.MAX_VALUE); // the target never exceeds 4
    }

    @Test
    void constantArrivalsOfARampFollowTheRatesIntegral() {
        Stages s = stages(0, 10, 100, 10, 100); // 0 -> 100/s over 10 s (500 arrivals), then 100/s for 10 s (1000)
        ArrivalSchedule a = new ArrivalSchedule(0, 100, ArrivalProcess.CONSTANT, 1, 0, s);
        List<Long> times = new ArrayList<>();
        for (long t = a.next(); t != Long.MAX_VALUE; t = a.next()) times.add(t);
        assertThat(times).hasSize(1500);
        // Λ(t) = 5 t² in the ramp: arrival 125 at 5 s, arrival 500 at 10 s; then one every 10 ms
        assertThat(times.get(125)).isCloseTo(5 * S, within(1000L));
        assertThat(times.get(500)).isCloseTo(10 * S, within(1000L));
        assertThat(times.get(1000)).isCloseTo(15 * S, within(1000L));
        for (int i = 1; i < times.size(); i++) assertThat(times.get(i)).isGreaterThanOrEqualTo(times.get(i - 1));
        // arrivals per second in the ramp's first and last second: 5 and 95
        assertThat(times.stream().filter(t -> t < S).count()).isEqualTo(5);
        assertThat(times.stream().filter(t -> t >= 9 * S && t < 10 * S).count()).isEqualTo(95);
        assertThat(s.integral(0, 20 * S)).isCloseTo(1500.0, within(1e-6));
        assertThat(s.integral(9 * S, 10 * S)).isCloseTo(95.0, within(1e-6));
    }

    @Test
    void poissonArrivalsOfARampHaveTheRightCountsPerStage() {
        Stages s = stages(0, 20, 200, 10, 0); // 2000 arrivals up, 1000 down
        ArrivalSchedule a = new ArrivalSchedule(0, 200, ArrivalProcess.POISSON, 7, 0, s);
        long up = 0, down = 0;
        for (long t = a.next(); t != Long.MAX_VALUE; t = a.next()) {
            if (t < 20 * S) up++;
            else down++;
        }
        // Poisson counts: standard deviations about 45 and 32
        assertThat(up).isBetween(1800L, 2200L);
        assertThat(down).isBetween(850L, 1150L);
    }

    @Test
    void aZeroRateHoldHasNoArrivalsAndAfterTheStagesThereAreNone() {
        Stages s = stages(10, 1, 10, 5, 0, 1, 0, 1, 10);
        ArrivalSchedule a = new ArrivalSchedule(0, 10, ArrivalProcess.CONSTANT, 1, 0, s);
        List<Long> times = new ArrayList<>();
        for (long t = a.next(); t != Long.MAX_VALUE; t = a.next()) times.add(t);
        // 10 in the first second, 25 on the way down to 0 over 5 s (the last due exactly as the rate reaches 0, at 6 s),
        // none while held at 0, 5 on the way up (the one due exactly at the end is not the phase's)
        assertThat(times.stream().filter(t -> t > 6 * S && t < 7 * S).count()).isZero();
        assertThat(times).hasSize(10 + 25 + 5);
        assertThat(times.get(times.size() - 1)).isLessThan(8 * S);
    }

    @Test
    void badStagesAreRefused() {
        assertThatThrownBy(() -> new Stages(0, List.of())).hasMessageContaining("empty");
        assertThatThrownBy(() -> new Stages.Stage(Duration.ZERO, 1)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new Stages.Stage(Duration.ofSeconds(1), -1)).hasMessageContaining("at least 0");
        assertThat(stages(0, 10, 10).scaled(0.5).total()).isEqualTo(Duration.ofSeconds(5));
    }
}
