package dev.stampede.cli;

/**
 * Stampede's exit codes, documented in the README and in {@code --help}. Distinct so that CI can
 * tell a slow system from a broken configuration.
 */
public final class ExitCodes {
    /** Every threshold passed (warnings allowed). */
    public static final int PASSED = 0;
    /** The run completed and at least one threshold failed. */
    public static final int THRESHOLDS_FAILED = 1;
    /** Bad input: a flag, a config file, a URL, credentials or a database name. Nothing ran, or nothing more. */
    public static final int BAD_INPUT = 2;
    /** The target could not be reached, or stopped answering during the run (reports are still written). */
    public static final int TARGET_UNREACHABLE = 3;
    /** A bug or an environment problem in Stampede itself. */
    public static final int INTERNAL_ERROR = 4;
    /**
     * The run (or {@code stampede compare}) found a regression against its baseline: some metric moved past its threshold
     * in the worse direction and, with enough runs, significantly. Distinct from 1 so CI can tell "slower than last
     * time" from "over an absolute limit"; a failed threshold (1) takes precedence.
     */
    public static final int REGRESSION = 5;
    /** Interrupted by Ctrl-C; partial reports are written. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }

    /** The table shown at the foot of {@code --help}. */
    static final String HELP = """
            Exit codes:
              0    passed (warnings allowed)
              1    a threshold failed
              2    bad input or configuration (flag, config file, URL, credentials, database name)
              3    target unreachable, or lost during the run (partial reports written)
              4    internal error
              5    a regression against the baseline (--baseline, --baseline-config, stampede compare)
              130  interrupted by Ctrl-C (partial reports written)""";
}
