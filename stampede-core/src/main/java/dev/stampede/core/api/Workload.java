package dev.stampede.core.api;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A set of operations and the rule for choosing the next one. Thread-safe: {@link #pick} is called by
 * every virtual user with its own random source.
 */
public interface Workload {

    /** Name shown in reports, for example {@code game}. */
    String name();

    /** The operations, in report order. Indexes into this list are what {@link #pick} returns. */
    List<Operation> operations();

    /** Chooses the index of the next operation to run. Must not block. */
    int pick(SplittableRandom random);
}
