package dev.stampede.postgres.pool;

import java.util.List;

/**
 * A pool-suite scenario's findings, the {@value #KEY} extra of its report (rendered by {@link PoolSection}). Parts that
 * do not apply to the scenario are null. Immutable.
 *
 * @param poolSize    the pool's maximum size
 * @param timeoutMs   how long an attempt waited for a connection at most before failing
 * @param acquireMs   acquisition (pool wait) percentiles over the measured phases: p50, p95, p99, max
 * @param exhaustion  pool-exhaustion's overload and recovery
 * @param recycling   pool-recycling's backends as the server saw them
 * @param sizing      the sizing sweep so far (this scenario and the earlier sizing scenarios of the run)
 */
public record PoolReport(String scenario, int poolSize, long timeoutMs, Double maxLifetimeS, Double idleTimeoutS, int users,
                         Percentiles acquireMs, Exhaustion exhaustion, Recycling recycling, Sizing sizing) {
    public static final String KEY = "postgres_pool";

    public record Percentiles(double p50, double p95, double p99, double max) {
    }

    /**
     * @param phases             per phase (overload, recovery): attempts, failures, pool timeouts, worst interval p95 wait
     * @param poolTimeouts       attempts that failed waiting for a connection (class {@code pool}), whole scenario
     * @param recoveredAfterS    seconds from the recovery phase's start to the end of its last interval with a failure;
     *                           0 when it had none, null when no recovery phase ran
     * @param recovered          the recovery phase ended with a failure-free stretch holding at least two intervals of successes
     * @param stillOut           connections still checked out once the load ended (leaks): must be 0
     * @param activeAfter        the pool's own count of active connections once the load ended: must be 0
     */
    public record Exhaustion(List<PhaseCount> phases, long poolTimeouts, Double recoveredAfterS, boolean recovered, int stillOut,
                             int activeAfter) {
        public Exhaustion {
            phases = List.copyOf(phases);
        }
    }

    public record PhaseCount(String phase, long attempts, long failures, double worstAcquireP95Ms) {
    }

    /**
     * @param distinctBackends  backend pids (with their start) the server showed for the pool
     * @param endedBackends     of them, gone before the scenario ended
     * @param lifetimeRetired   ended at an age in the max lifetime's retirement window (HikariCP 7: its last quarter),
     *                          by the first sample that no longer saw it
     * @param earlierRetired    ended younger (the idle timeout, or a broken connection)
     * @param serverPeak        the most the server showed at once
     * @param poolPeak          the most the pool's own numbers showed at once
     * @param limitKept         neither peak above the pool size
     * @param note              why recycling could not be seen, or null
     */
    public record Recycling(int distinctBackends, int endedBackends, int lifetimeRetired, int earlierRetired, int serverPeak,
                            int poolPeak, boolean limitKept, String note) {
    }

    /**
     * @param points          each pool size run so far: throughput and p99
     * @param recommended     the knee ({@link KneeFinder}), or null
     * @param plateau         larger sizes were tested and gained little
     * @param reason          the knee's sentence
     * @param rulesOfThumb    the usual formulas with their values
     */
    public record Sizing(List<KneeFinder.Point> points, Integer recommended, boolean plateau, String reason, List<RuleOfThumb> rulesOfThumb) {
        public Sizing {
            points = List.copyOf(points);
            rulesOfThumb = List.copyOf(rulesOfThumb);
        }
    }

    public record RuleOfThumb(String rule, int size, String basis) {
    }
}
