package dev.stampede.core.report;

import dev.stampede.core.engine.MonitorSeries;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Counters summarise as their change and rate over the sampled window; gauges as min, mean, max. */
class GaugeSummaryTest {
    // a running total of commits (cumulative since the first sample) beside a level (connections)
    private final MonitorSeries series = new MonitorSeries("pg_database", List.of(
            new MonitorSeries.Point(1.0, Map.of("commits", 100.0, "connections", 4.0)),
            new MonitorSeries.Point(2.0, Map.of("commits", 1100.0, "connections", 8.0)),
            new MonitorSeries.Point(5.0, Map.of("commits", 4100.0, "connections", 6.0))), null);

    @Test
    void aCounterIsItsChangeFromFirstToLastSampleAndThatChangePerSecond() {
        GaugeSummary c = GaugeSummary.of(series, Set.of("commits")).get("commits");
        assertThat(c.counter()).isTrue();
        assertThat(c.delta()).isEqualTo(4000.0);              // 4100 - 100, not the running total's mean (1766.67)
        assertThat(c.perSecond()).isCloseTo(1000.0, within(1e-9)); // over the 4 s between the samples
        assertThat(c.samples()).isEqualTo(3);
    }

    @Test
    void aGaugeKeepsMinMeanMaxAndHasNoDelta() {
        GaugeSummary g = GaugeSummary.of(series, Set.of("commits")).get("connections");
        assertThat(g.counter()).isFalse();
        assertThat(g.min()).isEqualTo(4.0);
        assertThat(g.max()).isEqualTo(8.0);
        assertThat(g.mean()).isCloseTo(6.0, within(1e-9));
        assertThat(g.last()).isEqualTo(6.0);
        assertThat(g.delta()).isNull();
        assertThat(g.perSecond()).isNull();
    }

    @Test
    void oneSampleHasNoRateAndUndeclaredSeriesAreGauges() {
        MonitorSeries one = new MonitorSeries("m", List.of(new MonitorSeries.Point(3.0, Map.of("commits", 7.0))), null);
        GaugeSummary c = GaugeSummary.of(one, Set.of("commits")).get("commits");
        assertThat(c.delta()).isZero();
        assertThat(c.perSecond()).isNull();
        assertThat(GaugeSummary.of(series).get("commits").counter()).isFalse();
    }
}
