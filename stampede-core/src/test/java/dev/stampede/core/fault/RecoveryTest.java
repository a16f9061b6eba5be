package dev.stampede.core.fault;

import dev.stampede.core.metrics.IntervalRow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Recovery read from hand-made per-second series: the judged interval, and the cases where it cannot be judged. */
class RecoveryTest {
    private static final Set<String> RECORDED = Set.of("steady");

    /** An ALL row for the interval ending at {@code second}. */
    private static IntervalRow row(double second, String phase, long ok, long failed, long unknown) {
        return new IntervalRow(second, phase, "ALL", ok, failed, unknown, ok, 1, 1, 1, 1, 1, 0);
    }

    /** Seconds 1..n of phase steady, each with the given ok/failed counts. */
    private static List<IntervalRow> series(long[][] okFailed) {
        List<IntervalRow> out = new ArrayList<>();
        for (int i = 0; i < okFailed.length; i++) out.add(row(i + 1, "steady", okFailed[i][0], okFailed[i][1], 0));
        return out;
    }

    @Test
    void recoversAtTheFirstIntervalWithNoErrorsAndNinetyPercentOfThePreFaultRate() {
        // baseline: seconds 1..4 at 100 ok/s; fault 4.2..6.0; second 7 has an error, 8 is at 85 % (below 90 %), 9 at 90 %
        List<IntervalRow> s = series(new long[][]{{100, 0}, {100, 0}, {100, 0}, {100, 0}, {10, 30}, {0, 50},
                {95, 1}, {85, 0}, {90, 0}, {100, 0}});
        Recovery.Result r = Recovery.after(s, RECORDED, 4.2, 6.0);
        assertEquals(3.0, r.seconds(), 1e-9, "from the lift at 6.0 s to the end of second 9");
        assertTrue(r.note().contains("90%") && r.note().contains("100.0"), r.note());
    }

    @Test
    void anUnknownOutcomeAlsoKeepsItUnrecovered() {
        List<IntervalRow> s = new ArrayList<>(series(new long[][]{{50, 0}, {50, 0}, {0, 10}}));
        s.add(row(4, "steady", 60, 0, 1));
        s.add(row(5, "steady", 60, 0, 0));
        assertEquals(2.0, Recovery.after(s, RECORDED, 2.5, 3.0).seconds(), 1e-9);
    }

    @Test
    void neverRecoversWhenTheRateStaysBelowTheShare() {
        List<IntervalRow> s = series(new long[][]{{100, 0}, {100, 0}, {0, 40}, {80, 0}, {89, 0}, {70, 0}});
        Recovery.Result r = Recovery.after(s, RECORDED, 2.0, 3.0);
        assertNull(r.seconds());
        assertTrue(r.note().startsWith("not recovered by the end of the scenario"), r.note());
    }

    @Test
    void aFaultAtTheStartHasNoBaselineToCompareWith() {
        List<IntervalRow> s = series(new long[][]{{0, 20}, {100, 0}, {100, 0}});
        Recovery.Result r = Recovery.after(s, RECORDED, 0.0, 1.0);
        assertNull(r.seconds());
        assertEquals("no full interval before the fault to compare with", r.note());
    }

    @Test
    void warmUpIntervalsAndPerOperationRowsDoNotCountTowardsTheBaseline() {
        List<IntervalRow> s = new ArrayList<>();
        s.add(row(1, "warmup", 1000, 0, 0));   // not recorded: a warm-up at 1000/s would make 100/s look unrecovered
        s.add(new IntervalRow(2, "steady", "insert", 5000, 0, 0, 5000, 1, 1, 1, 1, 1, 0));   // per operation: ignored
        s.add(row(2, "steady", 100, 0, 0));
        s.add(row(3, "steady", 0, 9, 0));
        s.add(row(4, "steady", 100, 0, 0));
        assertEquals(1.0, Recovery.after(s, RECORDED, 2.0, 3.0).seconds(), 1e-9);
    }
}
