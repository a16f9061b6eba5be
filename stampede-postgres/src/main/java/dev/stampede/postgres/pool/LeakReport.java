package dev.stampede.postgres.pool;

import dev.stampede.core.host.MemoryTrend;

import java.util.List;
import java.util.Map;

/**
 * Leaks and memory stability of one scenario that PostgreSQL's workload drove, the {@value #KEY} extra (rendered by
 * {@link PoolSection}). Immutable.
 *
 * @param thresholdS          a checkout longer than this is long ({@code database.leak_threshold})
 * @param checkouts           checkouts tracked (attempts and direct borrows)
 * @param longCount           long checkouts per operation
 * @param longestS            the longest hold seen per operation with long checkouts, seconds
 * @param stillOut            checkouts still out once the load ended, oldest first: leaked connections
 * @param activeAfter         the pool's active connections once the load ended (HikariCP's own count)
 * @param idleInTransactionPeak most sessions idle in a transaction at once on the server (any application)
 * @param oldestIdleInTransactionS the longest such session, seconds
 * @param sessionsByApplication most sessions at once per application name on the server
 * @param memory              resident memory trends of the generator and of a monitored process
 */
public record LeakReport(double thresholdS, long checkouts, Map<String, Long> longCount, Map<String, Double> longestS,
                         List<Held> stillOut, int activeAfter, Double idleInTransactionPeak, Double oldestIdleInTransactionS,
                         Map<String, Double> sessionsByApplication, List<MemoryTrend> memory) {
    public static final String KEY = "postgres_leaks";

    public LeakReport {
        longCount = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(longCount));
        longestS = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(longestS));
        stillOut = List.copyOf(stillOut);
        sessionsByApplication = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(sessionsByApplication));
        memory = List.copyOf(memory);
    }

    /** A connection still checked out: the operation that took it, for how long, and how (attempt or borrowed). */
    public record Held(String operation, double heldSeconds, String kind) {
    }

    /** Long checkouts in all. */
    public long longCheckouts() {
        return longCount.values().stream().mapToLong(Long::longValue).sum();
    }
}
