package dev.stampede.core.gen;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ZipfianGeneratorTest {
    @Test
    void frequenciesFollowOneOverKToTheS() {
        int n = 100;
        double s = 0.99;
        ZipfianGenerator z = new ZipfianGenerator(n, s);
        SplittableRandom r = new SplittableRandom(42);
        int samples = 400_000;
        long[] counts = new long[n + 1];
        for (int i = 0; i < samples; i++) {
            long k = z.next(r);
            assertThat(k).isBetween(1L, (long) n);
            counts[(int) k]++;
        }
        double h = 0;
        for (int k = 1; k <= n; k++) h += 1 / Math.pow(k, s);
        for (int k : new int[]{1, 2, 10, 50}) {
            double expected = (1 / Math.pow(k, s)) / h;
            assertThat((double) counts[k] / samples).as("rank %d", k).isCloseTo(expected, within(expected * 0.05 + 0.0005));
        }
    }

    @Test
    void singleRankAlwaysReturnsOne() {
        ZipfianGenerator z = new ZipfianGenerator(1, 1.2);
        assertThat(z.next(new SplittableRandom(1))).isEqualTo(1);
    }
}
