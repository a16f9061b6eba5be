package dev.stampede.postgres.wire;

import java.util.SplittableRandom;

/**
 * Draws one attempt's parameter values straight into a statement's Bind message (no boxing, no array), and the
 * same values as objects for EXPLAIN. Implementations are stateless and thread-safe.
 */
public interface WireParameters {
    /** Sets every parameter of {@code statement} for the next execution. */
    void bind(SplittableRandom random, PreparedStatement statement);

    /** A representative set of values, drawn as {@link #bind} draws them (for EXPLAIN after the load). */
    Object[] sample(SplittableRandom random);
}
