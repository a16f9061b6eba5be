package dev.stampede.core.engine;

/**
 * What kind of thread runs each virtual user or open-model worker of a workload with blocking operations. A
 * workload whose operations are all {@link dev.stampede.core.api.AsyncOperation} has no thread per user (see
 * {@link AsyncClosedUsers}, {@link AsyncOpenArrivals}), and this setting does not apply to it.
 *
 * <p>Why not always virtual: a blocking JDBC read on a virtual thread goes through the JDK's socket
 * poller and wakes a carrier thread for every response, several system calls more than a platform
 * thread's plain blocking read. Measured on 2 cores (bench/pgbench-compare, 8 connections) that is
 * about 15% less throughput. Virtual threads win when concurrency is high (thousands of users or
 * in-flight arrivals), where a platform thread each would cost memory and scheduling.
 */
public enum ThreadMode {
    /** Platform threads up to {@link #AUTO_PLATFORM_LIMIT} concurrent workers, virtual threads above. */
    AUTO,
    VIRTUAL,
    PLATFORM;

    /** Largest concurrency for which AUTO uses platform threads. */
    public static final int AUTO_PLATFORM_LIMIT = 256;

    /** Whether a phase with {@code concurrency} workers runs on virtual threads. */
    public boolean virtualFor(int concurrency) {
        return this == VIRTUAL || (this == AUTO && concurrency > AUTO_PLATFORM_LIMIT);
    }
}
