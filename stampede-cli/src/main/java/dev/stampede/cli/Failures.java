package dev.stampede.cli;

import dev.stampede.core.api.TargetUnreachableException;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.util.Secrets;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Turns an exception that ended a command into one line for the user and an exit code. Stack traces
 * only with {@code --verbose}, and even then with secrets masked.
 */
final class Failures {
    private Failures() {
    }

    static int report(Throwable ex, boolean verbose, PrintWriter err) {
        int code;
        String msg;
        if (ex instanceof ConfigException) {
            code = ExitCodes.BAD_INPUT;
            msg = ex.getMessage();
        } else if (ex instanceof TargetUnreachableException) {
            code = ExitCodes.TARGET_UNREACHABLE;
            msg = ex.getMessage();
        } else {
            code = ExitCodes.INTERNAL_ERROR;
            msg = "internal error: " + ex.getClass().getSimpleName() + ": " + ex.getMessage()
                    + (verbose ? "" : " (run again with --verbose for the stack trace, and report it)");
        }
        err.println("stampede: " + Secrets.redact(msg));
        if (verbose) {
            StringWriter sw = new StringWriter();
            ex.printStackTrace(new PrintWriter(sw));
            err.println(Secrets.redact(sw.toString()));
        }
        err.flush();
        return code;
    }
}
