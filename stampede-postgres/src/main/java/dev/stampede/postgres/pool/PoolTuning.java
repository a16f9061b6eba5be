package dev.stampede.postgres.pool;

import java.time.Duration;

/**
 * A pool-suite scenario's own pool settings on top of the {@code database} section; null fields keep the section's.
 * Immutable. HikariCP's floors apply: a max lifetime under 30 s or an idle timeout under 10 s would be reset by
 * HikariCP, so the suite never asks for less.
 *
 * @param size         maximum pool size; null for the section's (one per user by default)
 * @param timeout      how long an attempt waits for a connection before it fails as pool-timeout; null for pool_timeout
 * @param maxLifetime  how long a connection lives before the pool replaces it; null for pool_recycle
 * @param idleTimeout  how long a connection above {@code minIdle} may stay idle before the pool closes it; null for none
 * @param minIdle      connections kept open when idle; null for the pool size (a fixed pool)
 */
public record PoolTuning(Integer size, Duration timeout, Duration maxLifetime, Duration idleTimeout, Integer minIdle) {
    /** The section's settings unchanged. */
    public static final PoolTuning NONE = new PoolTuning(null, null, null, null, null);

    /** A fixed pool of {@code size} connections, otherwise the section's settings. */
    public static PoolTuning fixed(int size) {
        return new PoolTuning(size, null, null, null, null);
    }

    /** True when this sets the pool size: every attempt then borrows, so that waiting for a connection is measured. */
    public boolean sized() { return size != null; }
}
