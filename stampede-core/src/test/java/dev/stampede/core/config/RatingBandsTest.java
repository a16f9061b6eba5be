package dev.stampede.core.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RatingBandsTest {
    @Test
    void neitherTheBuilderNorAReaderCanChangeTheBands() {
        double[] rt = {50, 100, 200};
        RatingBands b = new RatingBands(rt, new double[]{100, 500, 1000}, new double[]{0.1, 1, 5});
        rt[0] = 999;
        assertThat(b.responseTimeMs()).containsExactly(50, 100, 200);
        b.throughputOps()[2] = -1;
        assertThat(b.throughputOps()).containsExactly(100, 500, 1000);
        b.errorRatePercent()[0] = 42;
        assertThat(b.errorRatePercent()).containsExactly(0.1, 1, 5);
    }

    @Test
    void equalByValue() {
        assertThat(RatingBands.defaults()).isEqualTo(RatingBands.defaults()).hasSameHashCodeAs(RatingBands.defaults());
        assertThat(RatingBands.defaults().toString()).contains("[50.0, 100.0, 200.0]");
    }

    @Test
    void rejectsBandsThatAreNotThreeAscendingNumbers() {
        assertThatThrownBy(() -> new RatingBands(new double[]{1, 2}, new double[]{1, 2, 3}, new double[]{1, 2, 3}))
                .hasMessageContaining("response_time_ms");
        assertThatThrownBy(() -> new RatingBands(new double[]{1, 2, 3}, new double[]{3, 2, 1}, new double[]{1, 2, 3}))
                .hasMessageContaining("throughput_ops");
        assertThatThrownBy(() -> new RatingBands(new double[]{1, 2, 3}, new double[]{1, 2, 3}, null))
                .hasMessageContaining("error_rate_percent");
    }
}
