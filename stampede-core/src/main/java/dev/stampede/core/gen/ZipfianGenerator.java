package dev.stampede.core.gen;

import org.apache.commons.rng.sampling.distribution.RejectionInversionZipfSampler;
import org.apache.commons.rng.sampling.distribution.SharedStateDiscreteSampler;

import java.util.SplittableRandom;

/**
 * Zipf-distributed integers in {@code [1, n]}: rank k has probability proportional to {@code 1 / k^s}.
 * Draws with commons-rng's {@link RejectionInversionZipfSampler} (rejection-inversion, Hörmann and
 * Derflinger, 1996), so set-up is O(1) whatever {@code n} is, unlike YCSB's zeta-sum generator that
 * walks all n ranks first.
 *
 * <p>Thread-safe, and the caller supplies the random source, so runs are reproducible with a seed:
 * the same {@link SplittableRandom} state gives the same rank on any thread. Each thread (each virtual
 * user runs on its own) gets its own sampler and adapter the first time it draws; after that a draw
 * allocates nothing.
 */
public final class ZipfianGenerator {
    /** Largest number of ranks the sampler takes. */
    public static final long MAX_RANKS = Integer.MAX_VALUE;

    private final SharedStateDiscreteSampler shared;
    private final ThreadLocal<PerThread> perThread;

    /**
     * @param n number of ranks, from 1 to {@link #MAX_RANKS}
     * @param s exponent, positive (0.99 is YCSB's default skew)
     */
    public ZipfianGenerator(long n, double s) {
        if (n < 1) throw new IllegalArgumentException("n must be at least 1, got " + n);
        if (n > MAX_RANKS) throw new IllegalArgumentException("n must be at most " + MAX_RANKS + ", got " + n);
        if (!(s > 0) || Double.isInfinite(s)) throw new IllegalArgumentException("exponent must be positive, got " + s);
        // the set-up constants, computed once; each thread's sampler shares them with its own source
        this.shared = RejectionInversionZipfSampler.of(new SplittableRandomProvider(), (int) n, s);
        this.perThread = ThreadLocal.withInitial(() -> {
            SplittableRandomProvider source = new SplittableRandomProvider();
            return new PerThread(source, shared.withUniformRandomProvider(source));
        });
    }

    /** A rank in {@code [1, n]}, 1 being the most frequent, drawn from {@code random}. */
    public long next(SplittableRandom random) {
        PerThread t = perThread.get();
        t.source.use(random);
        return t.sampler.sample();
    }

    private record PerThread(SplittableRandomProvider source, SharedStateDiscreteSampler sampler) {
    }
}
