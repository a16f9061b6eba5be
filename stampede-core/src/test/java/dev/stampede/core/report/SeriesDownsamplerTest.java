package dev.stampede.core.report;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeriesDownsamplerTest {

    @Test
    void keepsTheOneSecondSpikeAndTheDipOfAnHour() {
        int n = 3600;
        double[] x = new double[n], y = new double[n], other = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
            y[i] = 10 + (i % 7);
            other[i] = i % 3 == 0 ? Double.NaN : 5;
        }
        y[1234] = 9000;
        y[2345] = 0.5;
        SeriesDownsampler.Aligned d = SeriesDownsampler.downsample(new SeriesDownsampler.Aligned(x, List.of(y, other)), 1200);
        assertThat(d.x()).hasSizeLessThanOrEqualTo(1200);
        assertThat(d.ys().get(0)).hasSize(d.x().length);
        assertThat(Arrays.stream(d.ys().get(0)).max().orElseThrow()).isEqualTo(9000);
        assertThat(Arrays.stream(d.ys().get(0)).min().orElseThrow()).isEqualTo(0.5);
        assertThat(Arrays.stream(d.ys().get(1)).filter(v -> !Double.isNaN(v)).allMatch(v -> v == 5)).isTrue();
        for (int i = 1; i < d.x().length; i++) assertThat(d.x()[i]).isGreaterThan(d.x()[i - 1]);
        // the spike sits at an x inside its own bucket
        int at = 0;
        while (d.ys().get(0)[at] != 9000) at++;
        assertThat(Math.abs(d.x()[at] - 1235)).isLessThanOrEqualTo(3);
    }

    @Test
    void shortSeriesPassUnchanged() {
        SeriesDownsampler.Aligned in = new SeriesDownsampler.Aligned(new double[]{1, 2, 3}, List.of(new double[]{4, 5, 6}));
        assertThat(SeriesDownsampler.downsample(in, 10)).isSameAs(in);
    }

    @Test
    void refusesSeriesOfTheWrongLength() {
        assertThatThrownBy(() -> SeriesDownsampler.downsample(
                new SeriesDownsampler.Aligned(new double[]{1, 2, 3}, List.of(new double[]{4})), 2))
                .hasMessageContaining("1 values for 3 x values");
    }
}
