package dev.stampede.redis.health;

import java.util.List;
import java.util.Map;

/**
 * What Redis saw during one scenario's recorded window, beside what the client saw, as report.json carries it
 * (snake_case keys). Counts are deltas over the window; memory is read at the end. Null means "not measured here"
 * (a hit rate for a workload without cache reads, a memory percentage without maxmemory). Immutable.
 *
 * @param clientHitRate        cache_hit / (cache_hit + cache_miss) successful attempts, the client's view
 * @param serverHitRate        keyspace_hits / (keyspace_hits + keyspace_misses) over the window
 * @param hitRateCheck         the two compared: "agree within 1 %" or the difference and its likely cause
 * @param clientCommands       commands the workload sent in the window (its own counter)
 * @param serverCommands       total_commands_processed delta, less Stampede's monitoring commands
 * @param monitorCommands      Stampede's own monitoring commands in the window (left out of serverCommands)
 * @param bytesPerKey          used-memory growth divided by key-count growth in the database, when keys grew
 * @param commandStats         INFO commandstats deltas with the client's latency for the same command
 * @param hitLatency           cache_hit latency percentiles (ms)
 * @param missLatency          cache_miss latency percentiles (ms), the whole miss path
 * @param missDbLatency        within a miss: the PostgreSQL query (ms)
 * @param missSetLatency       within a miss: the SET of the loaded row (ms)
 * @param staleReads           hits that returned a value older than the last write committed before the GET
 * @param sampledKeyBytes      MEMORY USAGE of sampled keys of Stampede's prefix
 * @param hotKeys              client-side 1-in-64 sample of cache reads: key to share of accesses
 */
public record RedisReport(String server, String workload, Double clientHitRate, long clientHits, long clientMisses,
                          long keyspaceHits, long keyspaceMisses, Double serverHitRate, String hitRateCheck,
                          long clientCommands, long serverCommands, long monitorCommands, String commandCheck,
                          long usedMemoryBytes, long usedMemoryPeakBytes, double fragmentationRatio, long maxmemoryBytes,
                          String maxmemoryPolicy, Double memoryUsagePercent, long usedMemoryDeltaBytes, long keysDelta,
                          Double bytesPerKey, long evictedKeys, long expiredKeys, long rejectedConnections,
                          long connectedClients, long blockedClients, List<ServerView.SlowEntry> slowlog,
                          List<CommandRow> commandStats, Map<String, Double> hitLatency, Map<String, Double> missLatency,
                          Map<String, Double> missDbLatency, Map<String, Double> missSetLatency, long staleReads,
                          long checkedHits, Map<String, Long> sampledKeyBytes, Map<String, Double> hotKeys,
                          boolean embedded) {
    /** The extras key of this section. */
    public static final String KEY = "redis";

    /**
     * One command's server-side statistics over the window beside the client's latency for it.
     *
     * @param serverMicrosPerCall usec delta / calls delta from INFO commandstats
     * @param clientMeanMs        mean latency of the client operation of the same name (null when none)
     */
    public record CommandRow(String command, long calls, double serverMicrosPerCall, long failedCalls, Double clientMeanMs,
                             Double clientP99Ms) {
    }
}
