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
}
