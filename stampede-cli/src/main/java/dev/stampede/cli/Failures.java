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

    /** The exit code an exception ends a command with (README's table). */
    static int exitCode(Throwable ex) {
        if (ex instanceof ConfigException) return ExitCodes.BAD_INPUT;
        if (ex instanceof TargetUnreachableException) return ExitCodes.TARGET_UNREACHABLE;
        return ExitCodes.INTERNAL_ERROR;
    }

    static int report(Throwable ex, boolean verbose, PrintWriter err) {
        int code = exitCode(ex);
        String msg = code != ExitCodes.INTERNAL_ERROR ? ex.getMessage()
                : "internal error: " + ex.getClass().getSimpleName() + ": " + ex.getMessage()
                + (verbose ? "" : " (run again with --verbose for the stack trace, and report it)");
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
