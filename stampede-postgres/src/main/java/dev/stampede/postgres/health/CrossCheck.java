package dev.stampede.postgres.health;

/**
 * One workload statement timed from both sides: the client's mean latency against pg_stat_statements'
 * mean execution time. The difference is client-side overhead: pool wait, network, driver and, in the
 * open model, queueing.
 *
 * @param clientAcquireMs mean pool wait, part of the overhead
 */
public record CrossCheck(String operation, long clientAttempts, double clientMeanMs, double clientAcquireMs,
                         long serverCalls, double serverMeanMs, double overheadMs, String query) {
}
