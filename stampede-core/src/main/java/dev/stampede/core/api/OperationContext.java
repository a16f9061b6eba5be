package dev.stampede.core.api;

import dev.stampede.core.engine.NanoClock;

import java.util.SplittableRandom;

/**
 * Per-virtual-user state handed to every {@link Operation#call}. Not thread-safe: each virtual user
 * owns one and reuses it for each attempt, so the hot path allocates nothing. An {@link AsyncOperation}'s attempt
 * hands it from the thread that starts it to the thread that completes it (the engine publishes it before
 * {@code start} and reads it back after {@code complete}); never two threads at once. The in-flight fields are
 * the exception: the engine reads them from its own threads to count and abandon stuck attempts.
 */
public final class OperationContext {
    private final SplittableRandom random;
    private final NanoClock clock;
    private final int user;
    private long acquiredAtNanos;
    private boolean acquireFailed;
    private int retries;
    private int recordAs = -1;
    private long nextWaitNanos = -1;
    private boolean nextPaced;
    private long notBeforeNanos;
    private volatile long inFlightSince;
    private volatile int inFlightOperation;
    private volatile boolean cutOff;

    public OperationContext(SplittableRandom random, NanoClock clock) {
        this(random, clock, 0);
    }

    /**
     * @param user this context's number in its phase: the virtual user (closed model, 0 to users - 1) or the
     *             in-flight slot (open model, 0 to max in flight - 1)
     */
    public OperationContext(SplittableRandom random, NanoClock clock, int user) {
        if (user < 0) throw new IllegalArgumentException("user number must not be negative: " + user);
        this.random = random;
        this.clock = clock;
        this.user = user;
    }

    /**
     * This context's number in its phase (virtual user, or open-model in-flight slot), stable for the phase. An
     * {@link AsyncOperation} has no thread of its own per user, so per-user resources (a connection of a fixed set)
     * are chosen by this number rather than by thread.
     */
    public int user() { return user; }


    /** This user's random source; reproducible when the run's seed is fixed. */
    public SplittableRandom random() { return random; }

    /** Records that the resource the operation waits for (a pool connection) is now held. */
    public void markAcquired() {
        acquiredAtNanos = clock.nanoTime();
        acquireFailed = false;
    }

    /**
     * Records that waiting for the resource (a pool connection) failed now: the attempt's whole time
     * until here is reported as acquire time and nothing as execution, because nothing was executed.
     * Call it just before returning the failed outcome.
     */
    public void markAcquireFailed() {
        acquiredAtNanos = clock.nanoTime();
        acquireFailed = true;
    }

    /** Counts one retry of the current attempt (for example after a serialization failure). */
    public void addRetry() { retries++; }

    /** Called by the engine before each attempt. */
    public void beginAttempt() {
        acquiredAtNanos = 0L;
        acquireFailed = false;
        retries = 0;
        recordAs = -1;
        nextWaitNanos = -1;
        nextPaced = false;
        notBeforeNanos = 0;
    }

    /**
     * Think time chosen by the operation (a persona's {@code wait_time}): in the closed model, this user's next
     * attempt starts {@code nanos} after this attempt ends. The wait is not part of any attempt's latency, and the
     * next attempt is measured from its actual start (as the engine's own think time). Replaces the phase's think
     * time or pace for this one wait; the last call during the attempt counts. Ignored by the open model, whose
     * arrivals are scheduled in advance. Call it before the attempt completes.
     *
     * @param nanos wait in nanoseconds, 0 for none
     */
    public void thinkNext(long nanos) {
        if (nanos < 0) throw new IllegalArgumentException("think time must not be negative: " + nanos);
        nextWaitNanos = nanos;
        nextPaced = false;
    }

    /**
     * Pacing chosen by the operation (Locust's {@code constant_pacing}): in the closed model, this user's next attempt
     * is intended {@code nanos} after this attempt's intended start, and is measured from that slot. A user that is
     * behind (this attempt took longer than the pace) starts the next one at once and its latency includes the
     * delay, so a slow server shows in the percentiles. Replaces the phase's think time or pace for this one wait.
     * Ignored by the open model. Call it before the attempt completes.
     *
     * @param nanos interval between intended starts in nanoseconds, at least 1
     */
    public void paceNext(long nanos) {
        if (nanos <= 0) throw new IllegalArgumentException("pace must be positive: " + nanos);
        nextWaitNanos = nanos;
        nextPaced = true;
    }

    /**
     * A floor under this user's next wait, whatever think time or pace applies: in the closed model the next attempt
     * starts no sooner than {@code nanos} after this attempt ends (a server's {@code Retry-After} honoured). When the
     * floor pushes a paced attempt past its slot, that attempt is measured from its actual start: the user chose to
     * wait, the server did not make it late. A longer think time stands. Ignored by the open model. The last call
     * during the attempt counts; call it before the attempt completes.
     *
     * @param nanos the floor in nanoseconds, 0 for none
     */
    public void notBefore(long nanos) {
        if (nanos < 0) throw new IllegalArgumentException("wait floor must not be negative: " + nanos);
        notBeforeNanos = nanos;
    }

    /** The floor {@link #notBefore} set during the current attempt, 0 for none. */
    public long notBeforeNanos() { return notBeforeNanos; }

    /** The wait {@link #thinkNext} or {@link #paceNext} asked for during the current attempt, or -1 for none. */
    public long nextWaitNanos() { return nextWaitNanos; }

    /** True when the wait asked for is a pace ({@link #paceNext}) rather than a think time. */
    public boolean nextPaced() { return nextPaced; }

    /**
     * Records the current attempt under another operation of the same workload (its index in
     * {@link Workload#operations()}), decided while it runs: a cache read picked as {@code cache_hit} that
     * turns out to be a miss is recorded as {@code cache_miss}, so hits and misses have their own latency. The
     * attempt is still counted once, under that operation only.
     */
    public void recordAs(int operationIndex) {
        if (operationIndex < 0) throw new IllegalArgumentException("operation index must not be negative: " + operationIndex);
        recordAs = operationIndex;
    }

    /** The operation index the current attempt is recorded under: {@code picked} unless {@link #recordAs} changed it. */
    public int recordedAs(int picked) { return recordAs < 0 ? picked : recordAs; }

    /**
     * Clock reading taken by {@link #markAcquired()} or {@link #markAcquireFailed()}, or 0 when the
     * operation called neither.
     */
    public long acquiredAtNanos() { return acquiredAtNanos; }

    /** True when the attempt ended waiting for its resource ({@link #markAcquireFailed()}). */
    public boolean acquireFailed() { return acquireFailed; }

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

    /**
     * Engine bookkeeping: the attempt running now outlived its phase's end (or a stop) and the grace,
     * and is being interrupted and aborted; however it ends, its error is the engine's cut-off.
     */
    public void markCutOff() { cutOff = true; }

    public boolean cutOff() { return cutOff; }
}
