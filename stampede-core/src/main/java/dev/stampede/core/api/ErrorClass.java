package dev.stampede.core.api;

import java.util.Objects;

/**
 * A class of failure, as the target classifies it: for PostgreSQL the two-character SQLSTATE class
 * ("40" transaction_rollback), for the pool "pool", for a client-side timeout "timeout".
 * Reports group errors by {@link #code()}.
 *
 * @param code           short stable key, used for grouping
 * @param label          human-readable name
 * @param connectionLoss true when the failure means the target could not be reached at all; the engine
 *                       stops a run as "target lost" when only such failures arrive for several seconds
 */
public record ErrorClass(String code, String label, boolean connectionLoss) {
    public ErrorClass {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(label, "label");
    }

    /**
     * The client-side pool was exhausted: no connection became free within the pool timeout. Its wait
     * is acquire time, never execution time ({@link OperationContext#markAcquireFailed()}).
     */
    public static final ErrorClass POOL_TIMEOUT = new ErrorClass("pool",
            "connection pool exhausted (no free connection within the pool timeout)", false);

    /**
     * The workload's own code failed: an exception escaped {@link Operation#call} (a parameter
     * generator throwing, a bug in a workload). The target was not at fault; the user goes on, and a
     * run where most attempts fail this way is stopped.
     */
    public static final ErrorClass CLIENT_ERROR = new ErrorClass("client-error",
            "client-side error in the workload's code (not the target)", false);

    /** True when the attempt never got a working connection: counted in the connection failure rate. */
    public boolean connectionFailure() {
        return connectionLoss || code.equals(POOL_TIMEOUT.code);
    }

    /** The run was being stopped; used for attempts cut short by a stop. */
    public static final ErrorClass INTERRUPTED = new ErrorClass("interrupted", "interrupted by stop", false);

    /** An attempt that never returned even after the cut-off (a hung target); counted once as unknown. */
    public static final ErrorClass ABANDONED = new ErrorClass("abandoned", "still running when the run ended", false);

    /**
     * An attempt that outlived its phase's end (or a stop) and the grace, and ended only once the engine
     * interrupted it or aborted its connection: its failure is the cut-off's, not a connection problem.
     */
    public static final ErrorClass CUT_OFF = new ErrorClass("cut-off",
            "cut off: still running after the end and its grace, interrupted or aborted by Stampede", false);

    /** The catch-all for failures a target could not classify. */
    public static final ErrorClass UNCLASSIFIED = new ErrorClass("other", "unclassified error", false);

    /** The classes the engine itself assigns, whatever the target: the reports' legend starts with these. */
    public static final java.util.List<ErrorClass> ENGINE = java.util.List.of(POOL_TIMEOUT, CLIENT_ERROR, INTERRUPTED,
            ABANDONED, CUT_OFF, UNCLASSIFIED);
}
