package dev.stampede.redis;

/**
 * The open Redis target as another target's workload may use it, offered through
 * {@link dev.stampede.core.target.Target#capability}: the run's Lettuce client and the key prefix Stampede may write
 * under. The migration scenario keeps its game store in Redis this way without opening a second client. The client is
 * thread-safe; the caller closes the connections it opens, never the client.
 */
public interface RedisAccess {

    /**
     * The run's client for load (standalone, Sentinel or cluster): the one whose connections go through the run's fault
     * proxy when a scenario faults Redis, so another target's workload feels the fault like the Redis workloads do.
     */
    RedisConnector connector();

    /** Every key Stampede writes starts with this prefix ({@code stampede:} by default). */
    String keyPrefix();
}
