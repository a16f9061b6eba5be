package dev.stampede.postgres.pgbench;

/**
 * A script failed while running (division by zero, an undefined variable, a value that cannot be coerced,
 * {@code \gset} on a result without exactly one row): the attempt fails as {@code client-error}, as pgbench
 * aborts the client's transaction. Carries the script and line in its message.
 */
public final class ScriptError extends RuntimeException {
    public ScriptError(String message) {
        super(message, null, false, false);
    }
}
