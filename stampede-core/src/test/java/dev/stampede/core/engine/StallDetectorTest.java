package dev.stampede.core.engine;

import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The stall rule on hand-made intervals: what counts as stalled, and when a window is long enough. */
class StallDetectorTest {
    private static BitSet ops(int... indexes) {
        BitSet b = new BitSet();
        for (int i : indexes) b.set(i);
        return b;
    }

    @Test
    void aTrickleFarBelowTheBestRateWhileAttemptsWaitIsAStall() {
        StallDetector d = new StallDetector(2_000_000_000L, List.of("a", "b"));
        d.interval("steady", 0, 1, 1000, 8, ops(0, 1));
        d.interval("steady", 1, 2, 5, 8, ops(0));     // 0.5% of the best rate: stalled
        d.interval("steady", 2, 3, 0, 6, ops(1));     // nothing at all: stalled
        d.interval("steady", 3, 4, 900, 8, ops(0, 1));
        d.finish();
        assertThat(d.stalls()).containsExactly(new Stall("steady", 1, 3, 2, 8, List.of("a", "b")));
    }

    @Test
    void slowButSteadyCompletionsAndIdleIntervalsAreNotStalls() {
        StallDetector d = new StallDetector(2_000_000_000L, List.of("a"));
        d.interval("steady", 0, 1, 1000, 8, ops(0));
        d.interval("steady", 1, 2, 20, 8, ops(0));    // 2%: slow, not stalled
        d.interval("steady", 2, 3, 20, 8, ops(0));
        d.interval("steady", 3, 4, 0, 0, ops());      // nothing in flight: idle, not stalled
        d.interval("steady", 4, 5, 0, 0, ops());
        d.finish();
        assertThat(d.stalls()).isEmpty();
    }

    @Test
    void aWindowStillOpenAtTheEndIsClosedThere() {
        StallDetector d = new StallDetector(2_000_000_000L, List.of("a"));
        d.interval("steady", 0, 1, 10, 1, ops(0));
        d.interval("steady", 1, 2.5, 0, 1, ops(0));
        d.interval("steady", 2.5, 3.5, 0, 1, ops(0));
        d.finish();
        assertThat(d.stalls()).containsExactly(new Stall("steady", 1, 3.5, 2.5, 1, List.of("a")));
    }
}
