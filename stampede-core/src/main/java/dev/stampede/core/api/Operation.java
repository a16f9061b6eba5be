package dev.stampede.core.api;

/**
 * One unit of work against a target: a SQL transaction, a cache get, a task, an HTTP request.
 *
 * <p>Thread-safety: one instance serves every virtual user at once, so implementations keep no
 * per-call state in fields; per-user state lives in the {@link OperationContext}.
 *
 * <p>Timing contract: the engine timestamps the attempt around {@link #call}. An operation that first
 * waits for a resource (a pool connection) calls {@link OperationContext#markAcquired()} once it has
 * it, so that the wait is reported apart from the execution. Retries of the same logical attempt
 * (serialization failures) happen inside {@code call} and are reported through
 * {@link OperationContext#addRetry()}; the attempt is still counted once.
 */
public interface Operation {

    /** Stable name used in reports, for example {@code player_lookup}. */
    String name();

    /**
     * Runs the operation once. Expected failures are returned as {@link Outcome#failed} or
     * {@link Outcome#unknown}. An exception escaping this method is the workload's own failure (class
     * {@code client-error}): the attempt is failed, the user goes on, and a scenario where most attempts fail
     * that way stops.
     *
     * @throws InterruptedException when the run is being stopped; the attempt is counted as unknown
     */
    Outcome call(OperationContext context) throws InterruptedException;
}
