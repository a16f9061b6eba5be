package dev.stampede.postgres.health;

/**
 * One workload statement timed from both sides: the client's mean latency against pg_stat_statements'
 * mean execution time over the same window. The difference is what the server's execution timer does
 * not see: pool wait, network, driver, queueing in the open model and, for a statement that changes
 * data, its commit, which waits for the WAL to be flushed (pg_stat_statements stops timing before it).
 *
 * @param clientAcquireMs mean pool wait, part of the difference
 * @param overheadMs      client mean minus server mean execution
 * @param writes          the statement changes data, so its autocommit waits for a WAL flush
 * @param commitMs        mean WAL flush time over the window (pg_stat_wal or pg_stat_io) for a statement that
 *                        writes, 0 for one that does not, null when not measured (track_wal_io_timing off)
 * @param restMs          {@code overheadMs - clientAcquireMs - commitMs}: network, driver and client-side
 *                        queueing; null when commitMs is
 */
public record CrossCheck(String operation, long clientAttempts, double clientMeanMs, double clientAcquireMs,
                         long serverCalls, double serverMeanMs, double overheadMs, boolean writes, Double commitMs,
                         Double restMs, String query) {

    static CrossCheck of(String operation, long attempts, double clientMeanMs, double acquireMs, StatementDelta d,
                         boolean writes, double walFlushMs) {
        double overhead = clientMeanMs - d.meanMs();
        Double commit = !writes ? Double.valueOf(0) : Double.isNaN(walFlushMs) ? null : walFlushMs;
        Double rest = commit == null ? null : overhead - acquireMs - commit;
        return new CrossCheck(operation, attempts, clientMeanMs, acquireMs, d.calls(), d.meanMs(), overhead, writes, commit,
                rest, d.query());
    }
}
