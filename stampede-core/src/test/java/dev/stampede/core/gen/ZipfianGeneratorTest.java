package dev.stampede.core.gen;

import dev.stampede.core.config.ConfigException;
import dev.stampede.core.config.CustomStatement.ParamSpec;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
        // rank 1 tighter: 1/H(100, 0.99) ≈ 0.1938
        assertThat((double) counts[1] / samples).isCloseTo(1 / h, within(0.005));
    }

    @Test
    void singleRankAlwaysReturnsOne() {
        ZipfianGenerator z = new ZipfianGenerator(1, 1.2);
        assertThat(z.next(new SplittableRandom(1))).isEqualTo(1);
    }

    @Test
    void sameSeedSameRanksOnAnyThread() throws Exception {
        ZipfianGenerator z = new ZipfianGenerator(10_000, 0.99);
        long[] here = draw(z, 7);
        long[] there = CompletableFuture.supplyAsync(() -> draw(z, 7)).get();
        long[][] box = new long[1][];
        Thread t = Thread.ofVirtual().start(() -> box[0] = draw(z, 7));
        t.join();
        assertThat(there).containsExactly(here);
        assertThat(box[0]).containsExactly(here);
        assertThat(draw(z, 8)).isNotEqualTo(here);
    }

    @Test
    void interleavedUsersOnOneThreadKeepTheirOwnSequences() {
        ZipfianGenerator z = new ZipfianGenerator(1000, 1.1);
        long[] alone = draw(z, 1);
        SplittableRandom a = new SplittableRandom(1), b = new SplittableRandom(2);
        long[] interleaved = new long[alone.length];
        for (int i = 0; i < alone.length; i++) {
            interleaved[i] = z.next(a);
            z.next(b);
        }
        assertThat(interleaved).containsExactly(alone);
    }

    @Test
    void drawingAllocatesNothing() {
        ZipfianGenerator z = new ZipfianGenerator(1_000_000, 0.99);
        SplittableRandom r = new SplittableRandom(3);
        long sink = 0;
        for (int i = 0; i < 20_000; i++) sink += z.next(r); // first draw on this thread builds its sampler
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 200_000; i++) sink += z.next(r);
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertThat(sink).isPositive();
        assertThat(allocated).as("bytes allocated by 200,000 draws").isLessThan(4096);
    }

    @Test
    void paramGeneratorOffsetsRanksAndRejectsTooWideRanges() {
        ParamGenerator g = ParamGenerator.of(new ParamSpec("int", "zipfian", 100, 199, 0, 0.99, null));
        SplittableRandom r = new SplittableRandom(5);
        long low = 0;
        for (int i = 0; i < 10_000; i++) {
            long v = (Long) g.next(r);
            assertThat(v).isBetween(100L, 199L);
            if (v == 100) low++;
        }
        assertThat(low).as("the lowest value is the most frequent").isGreaterThan(1500);
        assertThatThrownBy(() -> ParamGenerator.of(new ParamSpec("int", "zipfian", 0, 1e10, 0, 0.99, null)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("narrow the range");
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> new ZipfianGenerator(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ZipfianGenerator(10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ZipfianGenerator(ZipfianGenerator.MAX_RANKS + 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static long[] draw(ZipfianGenerator z, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] out = new long[1000];
        for (int i = 0; i < out.length; i++) out[i] = z.next(r);
        return out;
    }
}
