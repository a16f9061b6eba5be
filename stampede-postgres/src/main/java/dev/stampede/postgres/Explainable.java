package dev.stampede.postgres;

import java.util.SplittableRandom;

/**
 * An operation that is one SQL statement, so it can be EXPLAINed after the load and matched against
 * pg_stat_statements. Implementations are immutable.
 */
public interface Explainable {

    /** The operation's name in reports. */
    String name();

    /** The statement with JDBC {@code ?} placeholders. */
    String sql();

    /** A representative set of parameter values, drawn as the workload draws them. */
    Object[] sampleParameters(SplittableRandom random);
}
