package dev.stampede.core.engine;

import dev.stampede.core.api.OperationContext;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The closed-model user's next-start rules, step by step with explicit clock readings. */
class UserScheduleTest {
    private static final long MS = 1_000_000L;
    private final OperationContext ctx = new OperationContext(new SplittableRandom(1), NanoClock.SYSTEM);

    @Test
    void thePhasesPaceGivesFixedSlotsAndALateAttemptIsMeasuredFromItsSlot() {
        UserSchedule s = new UserSchedule(1000 * MS, 0, 100 * MS);
        assertThat(s.intendedFor(1000 * MS)).isEqualTo(1000 * MS);
        ctx.beginAttempt();
        assertThat(s.next(ctx, 1350 * MS)).isEqualTo(1100 * MS); // behind: already due
        assertThat(s.intendedFor(1350 * MS)).isEqualTo(1100 * MS);
        ctx.beginAttempt();
        assertThat(s.next(ctx, 1360 * MS)).isEqualTo(1200 * MS);
        assertThat(s.intendedFor(1360 * MS)).isEqualTo(1200 * MS);
    }

    @Test
    void thinkTimeRunsFromTheEndAndTheNextAttemptIsMeasuredFromItsActualStart() {
        UserSchedule s = new UserSchedule(0, 50 * MS, 0);
        assertThat(s.intendedFor(3 * MS)).isEqualTo(3 * MS);
        ctx.beginAttempt();
        assertThat(s.next(ctx, 20 * MS)).isEqualTo(70 * MS);
        assertThat(s.intendedFor(71 * MS)).isEqualTo(71 * MS);
    }

    @Test
    void theOperationsWaitReplacesThePhasesForOneWaitOnly() {
        UserSchedule s = new UserSchedule(0, 50 * MS, 0);
        s.intendedFor(0);
        ctx.beginAttempt();
        ctx.thinkNext(5 * MS);
        assertThat(s.next(ctx, 10 * MS)).isEqualTo(15 * MS);
        s.intendedFor(15 * MS);
        ctx.beginAttempt(); // the operation asks for nothing this time: the phase's think time again
        assertThat(s.next(ctx, 25 * MS)).isEqualTo(75 * MS);
    }

    @Test
    void aWaitFloorLiftsAShorterThinkTimeLeavesALongerOneAndUnpacesAPacedUser() {
        UserSchedule think = new UserSchedule(0, 50 * MS, 0);
        think.intendedFor(0);
        ctx.beginAttempt();
        ctx.notBefore(2000 * MS);   // Retry-After: 2
        assertThat(think.next(ctx, 10 * MS)).isEqualTo(2010 * MS);
        think.intendedFor(2010 * MS);
        ctx.beginAttempt();
        ctx.notBefore(20 * MS);   // shorter than the phase's 50 ms think time: that stands
        assertThat(think.next(ctx, 2020 * MS)).isEqualTo(2070 * MS);

        UserSchedule paced = new UserSchedule(0, 0, 100 * MS);
        assertThat(paced.intendedFor(0)).isEqualTo(0);
        ctx.beginAttempt();
        ctx.notBefore(1000 * MS);
        assertThat(paced.next(ctx, 5 * MS)).isEqualTo(1005 * MS);
        // measured from its actual start, not from a slot 100 ms after the last one
        assertThat(paced.intendedFor(1007 * MS)).isEqualTo(1007 * MS);
        ctx.beginAttempt();   // no floor: pacing again, from this attempt's start
        assertThat(paced.next(ctx, 1010 * MS)).isEqualTo(1107 * MS);
        ctx.beginAttempt();
        assertThat(ctx.notBeforeNanos()).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ctx.notBefore(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOperationsPaceCountsFromThePreviousIntendedStartAndThenFromItsSlots() {
        UserSchedule s = new UserSchedule(0, 0, 0);
        assertThat(s.intendedFor(7 * MS)).isEqualTo(7 * MS); // unpaced: its actual start
        ctx.beginAttempt();
        ctx.paceNext(100 * MS);
        assertThat(s.next(ctx, 30 * MS)).isEqualTo(107 * MS);
        assertThat(s.intendedFor(109 * MS)).isEqualTo(107 * MS); // the timer woke 2 ms late: still from the slot
        ctx.beginAttempt();
        ctx.paceNext(100 * MS);
        assertThat(s.next(ctx, 400 * MS)).isEqualTo(207 * MS); // this attempt overran its pace: due at once
        assertThat(s.intendedFor(400 * MS)).isEqualTo(207 * MS);
        ctx.beginAttempt();
        ctx.thinkNext(0); // back to unpaced
        assertThat(s.next(ctx, 410 * MS)).isEqualTo(410 * MS);
        assertThat(s.intendedFor(410 * MS)).isEqualTo(410 * MS);
    }

    @Test
    void beginAttemptForgetsTheLastWaitAndBadWaitsAreRefused() {
        ctx.paceNext(5);
        ctx.beginAttempt();
        assertThat(ctx.nextWaitNanos()).isEqualTo(-1);
        assertThat(ctx.nextPaced()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ctx.thinkNext(-1)).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ctx.paceNext(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
