package dev.stampede.postgres.pool;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KneeFinderTest {
    private static KneeFinder.Point p(int size, double tps, double p99) { return new KneeFinder.Point(size, tps, p99); }

    @Test
    void kneeIsTheSmallestSizeOnThePlateau() {
        KneeFinder.Knee k = KneeFinder.find(List.of(p(16, 2050, 40), p(2, 900, 90), p(4, 1700, 45), p(8, 2000, 38), p(32, 1980, 55)),
                KneeFinder.TOLERANCE);
        assertThat(k.recommended()).isEqualTo(8);
        assertThat(k.plateau()).isTrue();
        assertThat(k.bestThroughput()).isEqualTo(2050);
        assertThat(k.points()).extracting(KneeFinder.Point::poolSize).containsExactly(2, 4, 8, 16, 32);
        assertThat(k.reason()).contains("pool 8", "2050/s");
    }

    @Test
    void stillRisingAtTheLargestSizeIsNotAPlateau() {
        KneeFinder.Knee k = KneeFinder.find(List.of(p(2, 500, 200), p(4, 1000, 100), p(8, 2000, 50)), KneeFinder.TOLERANCE);
        assertThat(k.recommended()).isEqualTo(8);
        assertThat(k.plateau()).isFalse();
        assertThat(k.reason()).contains("test larger pools");
    }

    @Test
    void aFlatTopReachedOnlyAtTheLastSizeWithinToleranceIsAPlateau() {
        KneeFinder.Knee k = KneeFinder.find(List.of(p(2, 500, 200), p(4, 1000, 100), p(8, 1030, 98)), KneeFinder.TOLERANCE);
        assertThat(k.recommended()).isEqualTo(4);
        assertThat(k.plateau()).isTrue();
    }

    @Test
    void sizesWithoutThroughputAreIgnoredAndEmptyHasNoAnswer() {
        assertThat(KneeFinder.find(List.of(p(1, 0, 0)), 0.05).recommended()).isNull();
        KneeFinder.Knee one = KneeFinder.find(List.of(p(1, 0, 0), p(4, 100, 5)), 0.05);
        assertThat(one.recommended()).isEqualTo(4);
        assertThat(one.plateau()).isFalse();
        assertThat(one.reason()).contains("at least two");
    }
}
