package dev.stampede.core.engine;

/**
 * Why a run or scenario ended. Anything but {@link #COMPLETED} marks the results partial; a
 * {@link RunControl#stopDetail()} may say more (the operation and exception, the attempts cut off).
 */
public enum StopReason {
    COMPLETED("completed as planned"),
    INTERRUPTED("interrupted (Ctrl-C or a stop signal)"),
    TARGET_LOST("the target stopped answering (only connection failures for several seconds)"),
    /**
     * Attempts were still in flight after a phase's planned end and the grace period: they were
     * interrupted, their connections aborted and, if still stuck, counted as unknown. The run stops
     * because the target no longer answers (a frozen server, a lock held past the end).
     */
    TARGET_HUNG("the target stopped answering (attempts still running after the phase's end and its grace were cut off)"),
    /** Most attempts failed in the workload's own code (an exception in Stampede's client side, not the target). */
    WORKLOAD_ERROR("stopped because the workload's own code failed on most attempts (client-side exception)"),
    TIMEOUT("stopped at the run time limit (TEST_TIMEOUT / test_timeout)");

    private final String description;

    StopReason(String description) { this.description = description; }

    public String description() { return description; }
}
