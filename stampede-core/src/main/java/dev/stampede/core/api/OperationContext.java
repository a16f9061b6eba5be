package dev.stampede.core.api;

import dev.stampede.core.engine.NanoClock;

import java.util.SplittableRandom;

/**
 * Per-virtual-user state handed to every {@link Operation#call}. Not thread-safe: each virtual user
 * owns one and reuses it for each attempt, so the hot path allocates nothing.
 */
public final class OperationContext {
    private final int userId;
    private final SplittableRandom random;
    private final NanoClock clock;
    private long acquiredAtNanos;
    private int retries;
    private volatile long inFlightSince;
    private volatile int inFlightOperation;

    public OperationContext(int userId, SplittableRandom random, NanoClock clock) {
        this.userId = userId;
        this.random = random;
        this.clock = clock;
    }

    /** Zero-based id of the virtual user (or open-model worker) running this attempt. */
    public int userId() { return userId; }

    /** This user's random source; reproducible when the run's seed is fixed. */
    public SplittableRandom random() { return random; }

    /** Records that the resource the operation waits for (a pool connection) is now held. */
    public void markAcquired() { acquiredAtNanos = clock.nanoTime(); }

    /** Counts one retry of the current attempt (for example after a serialization failure). */
    public void addRetry() { retries++; }

    /** Called by the engine before each attempt. */
    public void beginAttempt() {
        acquiredAtNanos = 0L;
        retries = 0;
    }

    /** Clock reading taken by {@link #markAcquired()}, or 0 when the operation did not call it. */
    public long acquiredAtNanos() { return acquiredAtNanos; }

    /** Retries of the current attempt so far. */
    public int retries() { return retries; }

    /**
     * Engine bookkeeping: the actual start of the attempt running now, or 0 between attempts. Read by
     * the engine from another thread when a stop has to abandon attempts that never return.
     */
    public long inFlightSince() { return inFlightSince; }

    public void inFlightSince(long nanos) { inFlightSince = nanos; }

    /** Engine bookkeeping: index of the operation running now. */
    public int inFlightOperation() { return inFlightOperation; }

    public void inFlightOperation(int index) { inFlightOperation = index; }
}
