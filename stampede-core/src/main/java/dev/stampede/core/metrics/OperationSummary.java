package dev.stampede.core.metrics;

import java.util.List;

/**
 * Results for one operation (or "ALL") over a scenario's recorded phases. Counts always add up:
 * {@code attempts == ok + failed + unknown}.
 *
 * @param retries         retries after serialization or deadlock failures (inside attempts, not extra attempts)
 * @param retriedAttempts attempts that needed at least one retry
 * @param throughputPerSec successful attempts per second of measured time
 * @param latency         from intended start to end, every attempt whatever its outcome
 * @param acquire         waiting for a pool connection, for operations that use one
 * @param execution       from holding the connection to the end
 */
public record OperationSummary(String name, long attempts, long ok, long failed, long unknown,
                               long retries, long retriedAttempts, double throughputPerSec,
                               LatencyStats latency, LatencyStats acquire, LatencyStats execution,
                               List<ErrorSummary> errors) {

    public OperationSummary {
        errors = List.copyOf(errors);
        if (attempts != ok + failed + unknown) {
            throw new IllegalStateException("counts do not add up for " + name + ": attempts=" + attempts
                    + " ok=" + ok + " failed=" + failed + " unknown=" + unknown);
        }
    }

    /** Failed plus unknown, as a fraction of attempts (0 when there were none). */
    public double errorRate() {
        return attempts == 0 ? 0 : (double) (failed + unknown) / attempts;
    }

    /** Attempts that failed because the target could not be reached, as a fraction of attempts. */
    public double connectionFailureRate() {
        if (attempts == 0) return 0;
        long n = 0;
        for (ErrorSummary e : errors) if (e.connectionFailure()) n += e.total();
        return (double) n / attempts;
    }
}
