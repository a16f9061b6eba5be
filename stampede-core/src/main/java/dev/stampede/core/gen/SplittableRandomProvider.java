package dev.stampede.core.gen;

import org.apache.commons.rng.UniformRandomProvider;

import java.util.SplittableRandom;

/**
 * Presents a {@link SplittableRandom} as commons-rng's {@link UniformRandomProvider}, so commons-rng
 * samplers draw from the virtual user's own (seeded) source. The source is swapped in, not wrapped
 * anew, so feeding a sampler costs no allocation. Not thread-safe: one instance per thread.
 */
final class SplittableRandomProvider implements UniformRandomProvider {
    private SplittableRandom source;

    /** The source the next draws come from. */
    void use(SplittableRandom source) {
        this.source = source;
    }

    @Override public long nextLong() { return source.nextLong(); }

    @Override public int nextInt() { return source.nextInt(); }

    @Override public double nextDouble() { return source.nextDouble(); }

    @Override public boolean nextBoolean() { return source.nextBoolean(); }
}
