package dev.stampede.core.metrics;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyStatsTest {

    @Test
    void spectrumIsMonotonicCappedAndEndsAtTheMax() {
        Histogram h = new Histogram(3_600_000_000L, 3);
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 2_000_000; i++) h.recordValue(100 + (long) (-Math.log(1 - rnd.nextDouble()) * 2_000));
        h.recordValue(4_321_000);
        LatencyStats s = LatencyStats.ofMicros(h);
        List<LatencyStats.PercentilePoint> sp = s.spectrum();
        assertThat(sp.size()).isBetween(20, LatencyStats.MAX_SPECTRUM_POINTS + 1);
        for (int i = 1; i < sp.size(); i++) {
            assertThat(sp.get(i).percentile()).isGreaterThanOrEqualTo(sp.get(i - 1).percentile());
            assertThat(sp.get(i).valueMs()).isGreaterThanOrEqualTo(sp.get(i - 1).valueMs());
        }
        LatencyStats.PercentilePoint last = sp.get(sp.size() - 1);
        assertThat(last.percentile()).isEqualTo(100.0);
        assertThat(last.valueMs()).isEqualTo(s.maxMs());
        assertThat(sp.get(0).valueMs()).isEqualTo(s.minMs());
    }

    @Test
    void aLongTailIsThinnedToTheCap() {
        Histogram h = new Histogram(3_600_000_000L, 3);
        for (long v = 1; v <= 3_000_000; v += 3) h.recordValue(v);
        List<LatencyStats.PercentilePoint> sp = LatencyStats.ofMicros(h).spectrum();
        assertThat(sp.size()).isLessThanOrEqualTo(LatencyStats.MAX_SPECTRUM_POINTS + 1);
        assertThat(sp.get(sp.size() - 1).valueMs()).isEqualTo(LatencyStats.ofMicros(h).maxMs());
    }

    @Test
    void emptyAndHandBuiltStatsHaveNoSpectrum() {
        assertThat(LatencyStats.EMPTY.spectrum()).isEmpty();
        assertThat(LatencyStats.ofMicros(new Histogram(3)).spectrum()).isEmpty();
        Histogram h = new Histogram(3);
        h.recordValue(1234);
        assertThat(LatencyStats.ofMicros(h, false).spectrum()).isEmpty();
        assertThat(LatencyStats.ofMicros(h, false).maxMs()).isEqualTo(LatencyStats.ofMicros(h).maxMs());
    }
}
