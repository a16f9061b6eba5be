package dev.stampede.core.host;

import dev.stampede.core.engine.MonitorSeries;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MemoryTrendTest {

    private static MonitorSeries series(int seconds, DoubleUnaryOperator mb, double noise) {
        SplittableRandom r = new SplittableRandom(11);
        List<MonitorSeries.Point> pts = new ArrayList<>();
        for (int t = 1; t <= seconds; t++) pts.add(new MonitorSeries.Point(t, Map.of("rss_mb", mb.applyAsDouble(t) + (r.nextDouble() - 0.5) * noise)));
        return new MonitorSeries("generator", pts, null);
    }

    @Test
    void exactLineHasItsSlopeAndATightInterval() {
        double[] x = {0, 1, 2, 3, 4, 5}, y = {1, 3, 5, 7, 9, 11};
        SlopeFit f = SlopeFit.of(x, y, 0.95);
        assertThat(f.slope()).isCloseTo(2.0, within(1e-12));
        assertThat(f.intercept()).isCloseTo(1.0, within(1e-12));
        assertThat(f.lower()).isCloseTo(2.0, within(1e-9));
        assertThat(f.upper()).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void intervalMatchesTheTextbookFormula() {
        // y = x with residuals +1, -1, +1, -1, +1: slope 0 offset; se = sqrt(sse/(n-2)/sxx)
        double[] x = {1, 2, 3, 4, 5}, y = {2, 1, 4, 3, 6};
        SlopeFit f = SlopeFit.of(x, y, 0.95);
        assertThat(f.slope()).isCloseTo(1.0, within(1e-12));
        double sse = 0;
        for (int i = 0; i < 5; i++) {
            double r = y[i] - (f.intercept() + f.slope() * x[i]);
            sse += r * r;
        }
        double se = Math.sqrt(sse / 3 / 10.0);
        assertThat(f.upper() - f.slope()).isCloseTo(3.182446 * se, within(1e-5));   // t(0.975, 3)
    }

    @Test
    void tooFewPointsGiveNoInterval() {
        assertThat(SlopeFit.of(new double[]{1, 2}, new double[]{1, 2}, 0.95).lower()).isNaN();
        assertThat(SlopeFit.of(new double[]{3, 3, 3}, new double[]{1, 2, 3}, 0.95).slope()).isNaN();
    }

    @Test
    void plateauAfterAWarmUpRiseIsNotFlagged() {
        // rises 200 MB in the first 10 s (caches, pools, JIT), then flat with GC noise of +-20 MB
        MemoryTrend t = MemoryTrend.of(series(120, s -> 300 + Math.min(s, 10) * 20, 40), "rss_mb", 0, 50);
        assertThat(t.flagged()).isFalse();
        assertThat(t.lowerGrowthMb()).isLessThan(50);
        assertThat(t.peakMb()).isGreaterThan(480);
    }

    @Test
    void steadyGrowthIsFlaggedAndItsRateMeasured() {
        // 1 MB/s = 60 MB/min for two minutes, with noise
        MemoryTrend t = MemoryTrend.of(series(120, s -> 300 + s, 10), "rss_mb", 0, 50);
        assertThat(t.flagged()).isTrue();
        assertThat(t.slopeMbPerMin()).isCloseTo(60, within(3.0));
        assertThat(t.lowerMbPerMin()).isLessThan(t.slopeMbPerMin()).isGreaterThan(50);
        assertThat(t.upperMbPerMin()).isGreaterThan(t.slopeMbPerMin());
    }

    @Test
    void growthBelowTheLimitOverTheWindowIsNotFlagged() {
        // 0.2 MB/s over 60 s: about 9 MB over the fitted window, under 50 MB
        MemoryTrend t = MemoryTrend.of(series(60, s -> 300 + 0.2 * s, 1), "rss_mb", 0, 50);
        assertThat(t.lowerMbPerMin()).isGreaterThan(0);
        assertThat(t.flagged()).isFalse();
    }

    @Test
    void noiseWithoutTrendHasAnIntervalAroundZero() {
        MemoryTrend t = MemoryTrend.of(series(60, s -> 500, 60), "rss_mb", 0, 0);
        assertThat(t.lowerMbPerMin()).isLessThan(0);
        assertThat(t.upperMbPerMin()).isGreaterThan(0);
        assertThat(t.flagged()).isFalse();
    }

    @Test
    void missingSeriesAndShortSeries() {
        assertThat(MemoryTrend.of(series(30, s -> 1, 0), "heap_mb", 0, 50)).isNull();
        MemoryTrend shortOne = MemoryTrend.of(series(4, s -> 100 * s, 0), "rss_mb", 0, 1);
        assertThat(shortOne.flagged()).isFalse();
        assertThat(shortOne.slopeMbPerMin()).isNaN();
    }

    @Test
    void warmUpPointsAreLeftOut() {
        MemoryTrend t = MemoryTrend.of(series(60, s -> s <= 20 ? 10 * s : 200, 0), "rss_mb", 20.5, 0);
        assertThat(t.firstMb()).isEqualTo(200);
        assertThat(t.slopeMbPerMin()).isCloseTo(0, within(1e-9));
    }
}
