package dev.stampede.core.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ArrivalScheduleTest {
    @Test
    void constantArrivalsAreEvenlySpaced() {
        ArrivalSchedule s = new ArrivalSchedule(1_000, 4, ArrivalProcess.CONSTANT, 1, 0);
        assertThat(s.next()).isEqualTo(1_000);
        assertThat(s.next()).isEqualTo(1_000 + 250_000_000L);
        assertThat(s.next()).isEqualTo(1_000 + 500_000_000L);
    }

    @Test
    void poissonArrivalsHaveTheRequestedMeanRate() {
        ArrivalSchedule s = new ArrivalSchedule(0, 1000, ArrivalProcess.POISSON, 3, 0);
        long last = 0;
        for (int i = 0; i < 100_000; i++) {
            long t = s.next();
            assertThat(t).isGreaterThanOrEqualTo(last);
            last = t;
        }
        assertThat(last / 1e9).isCloseTo(100.0, within(2.0));
    }

    @Test
    void iterationBudgetEndsTheSchedule() {
        ArrivalSchedule s = new ArrivalSchedule(0, 10, ArrivalProcess.CONSTANT, 1, 2);
        s.next();
        s.next();
        assertThat(s.next()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void closingCountsTheArrivalsDueBeforeTheStopThatWereNeverHandedOut() {
        ArrivalSchedule s = new ArrivalSchedule(0, 100, ArrivalProcess.CONSTANT, 1, 0);
        for (int i = 0; i < 5; i++) s.next(); // 0..40 ms handed out
        assertThat(s.closeAndCountDue(200_000_000L)).isEqualTo(15); // 50..190 ms
        assertThat(s.next()).isEqualTo(Long.MAX_VALUE);
        assertThat(s.closeAndCountDue(900_000_000L)).isZero(); // counted once
    }

    @Test
    void closingRespectsTheIterationBudget() {
        ArrivalSchedule s = new ArrivalSchedule(0, 100, ArrivalProcess.CONSTANT, 1, 10);
        s.next();
        assertThat(s.closeAndCountDue(Long.MAX_VALUE - 1)).isEqualTo(9);
    }
}
