package dev.stampede.core.engine;

/** Why a run or scenario ended. Anything but {@link #COMPLETED} marks the results partial. */
public enum StopReason {
    COMPLETED("completed as planned"),
    INTERRUPTED("interrupted (Ctrl-C or a stop signal)"),
    TARGET_LOST("the target stopped answering (only connection failures for several seconds)"),
    TIMEOUT("stopped at the run time limit (TEST_TIMEOUT / test_timeout)");

    private final String description;

    StopReason(String description) { this.description = description; }

    public String description() { return description; }
}
