package dev.stampede.core.metrics;

/**
 * Failures of one class for one operation.
 *
 * @param code    error class key (SQLSTATE class for PostgreSQL, "pool", "timeout"...)
 * @param label   human-readable class name
 * @param failed  attempts that failed with this class
 * @param unknown attempts whose outcome is unknown with this class
 * @param sample  one message, already free of secrets
 * @param connectionFailure the attempt never got a working connection (target unreachable or pool timeout)
 */
public record ErrorSummary(String code, String label, boolean connectionFailure, long failed, long unknown, String sample) {
    public long total() { return failed + unknown; }

    /** This class's counts with {@code other}'s (the same class) added; this one's label and sample are kept. */
    public ErrorSummary plus(ErrorSummary other) {
        return new ErrorSummary(code, label, connectionFailure, failed + other.failed, unknown + other.unknown, sample);
    }

    /** The error classes given, most frequent first: the order every report lists them in. */
    public static java.util.List<ErrorSummary> mostFrequentFirst(java.util.Collection<ErrorSummary> summaries) {
        java.util.List<ErrorSummary> l = new java.util.ArrayList<>(summaries);
        l.sort(java.util.Comparator.comparingLong(ErrorSummary::total).reversed());
        return l;
    }
}
