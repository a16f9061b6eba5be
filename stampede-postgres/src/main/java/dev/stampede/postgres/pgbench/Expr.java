package dev.stampede.postgres.pgbench;

/**
 * A parsed {@code \set} / {@code \if} expression. Evaluation is pure except for the random functions, which
 * draw from the run's {@link Env}. Immutable and thread-safe; each client brings its own {@link Env}.
 */
public interface Expr {
    Object eval(Env env);

    /** What an expression reads while it runs: the client's variables and random source. */
    interface Env {
        /** The variable's value, or null when it was never set. */
        Object variable(String name);

        java.util.random.RandomGenerator random();
    }
}
