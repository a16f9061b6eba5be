package dev.stampede.core.api;

import java.util.Objects;

/**
 * How one attempt ended: exactly one of ok, failed or unknown. Expected failures are values, not
 * exceptions (the Gatling OK/KO habit): a SQL error is a {@code failed} outcome, a lost connection
 * in the middle of a COMMIT is {@code unknown} because we cannot tell whether the work happened.
 * Immutable and thread-safe; {@link #OK} is a shared instance so the success path allocates nothing.
 */
public final class Outcome {

    /** The three ways an attempt can end. */
    public enum Status { OK, FAILED, UNKNOWN }

    /** The one successful outcome. */
    public static final Outcome OK = new Outcome(Status.OK, null, null);

    private final Status status;
    private final ErrorClass error;
    private final String message;

    private Outcome(Status status, ErrorClass error, String message) {
        this.status = status;
        this.error = error;
        this.message = message;
    }

    /** The attempt reached the target and failed there; nothing was done. */
    public static Outcome failed(ErrorClass error, String message) {
        return new Outcome(Status.FAILED, Objects.requireNonNull(error, "error"), message);
    }

    /** The attempt may or may not have taken effect (for example the connection broke during COMMIT). */
    public static Outcome unknown(ErrorClass error, String message) {
        return new Outcome(Status.UNKNOWN, Objects.requireNonNull(error, "error"), message);
    }

    public Status status() { return status; }

    /** The error class; null for {@link #OK}. */
    public ErrorClass error() { return error; }

    /** A sample message for the report, already free of secrets; null for {@link #OK}. */
    public String message() { return message; }

    public boolean isOk() { return status == Status.OK; }

    @Override
    public String toString() {
        return status == Status.OK ? "OK" : status + "(" + error.code() + ": " + message + ")";
    }
}
