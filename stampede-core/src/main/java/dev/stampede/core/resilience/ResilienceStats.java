package dev.stampede.core.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a resilience policy did over a run: logical requests (what the engine counts as attempts) against physical
 * attempts sent to the target (the amplification factor), retries, calls the breaker refused, the backoff actually
 * waited per retry number beside the configured one, and the breaker's state changes on the engine's clock.
 * Thread-safe: every user records into it at once.
 */
public final class ResilienceStats {
    /**
     * One change of the breaker's state.
     *
     * @param atNanos engine clock
     * @param from    the state it left
     * @param to      the state it entered
     */
    public record Transition(long atNanos, CircuitBreaker.State from, CircuitBreaker.State to) {
    }

    private final LongAdder logical = new LongAdder(), physical = new LongAdder(), retries = new LongAdder(),
            rejected = new LongAdder();
    private final AtomicLongArray waitedNanos, waits, configuredNanos;
    private final List<Transition> transitions = new ArrayList<>();
    private final java.util.concurrent.ConcurrentHashMap<Long, LongAdder[]> perSecond = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param maxRetries the largest retry number a policy can reach (max attempts - 1) */
    public ResilienceStats(int maxRetries) {
        int n = Math.max(1, maxRetries + 1);
        waitedNanos = new AtomicLongArray(n);
        waits = new AtomicLongArray(n);
        configuredNanos = new AtomicLongArray(n);
    }

    /** Resolution of the per-interval counts {@link #between} reads: 100 ms, a tenth of the report's series interval. */
    static final long BUCKET_NANOS = 100_000_000L;

    /** A logical request started at {@code nanos} on the engine clock, counted also in its 100 ms bucket. */
    void logical(long nanos) {
        logical.increment();
        bucket(nanos)[0].increment();
    }

    /** A physical attempt started at {@code nanos} on the engine clock, counted also in its 100 ms bucket. */
    void physical(long nanos) {
        physical.increment();
        bucket(nanos)[1].increment();
    }

    private LongAdder[] bucket(long nanos) {
        return perSecond.computeIfAbsent(Math.floorDiv(nanos, BUCKET_NANOS), k -> new LongAdder[]{new LongAdder(), new LongAdder()});
    }

    /**
     * Logical requests and physical attempts started from {@code fromNanos} (inclusive) to {@code toNanos} (exclusive)
     * on the engine clock, at {@link #BUCKET_NANOS} resolution (the whole buckets of the clock that overlap the range).
     */
    public long[] between(long fromNanos, long toNanos) {
        long l = 0, p = 0;
        for (long s = Math.floorDiv(fromNanos, BUCKET_NANOS); s * BUCKET_NANOS < toNanos; s++) {
            LongAdder[] b = perSecond.get(s);
            if (b == null) continue;
            l += b[0].sum();
            p += b[1].sum();
        }
        return new long[]{l, p};
    }

    void rejected() { rejected.increment(); }

    void waited(int retry, long configured, long actual) {
        retries.increment();
        if (retry >= waits.length()) return;
        waitedNanos.addAndGet(retry, actual);
        configuredNanos.addAndGet(retry, configured);
        waits.incrementAndGet(retry);
    }

    synchronized void transition(long at, CircuitBreaker.State from, CircuitBreaker.State to) {
        transitions.add(new Transition(at, from, to));
    }

    public long logicalRequests() { return logical.sum(); }

    public long physicalAttempts() { return physical.sum(); }

    public long retries() { return retries.sum(); }

    public long rejectedByBreaker() { return rejected.sum(); }

    /** Physical attempts per logical request; 1 when nothing was retried, 0 before any request. */
    public double amplification() {
        long l = logical.sum();
        return l == 0 ? 0 : (double) physical.sum() / l;
    }

    /** Mean backoff actually waited before retry {@code n} (from 1), in nanoseconds, or -1 when none. */
    public double meanWaitNanos(int n) {
        long c = n < waits.length() ? waits.get(n) : 0;
        return c == 0 ? -1 : (double) waitedNanos.get(n) / c;
    }

    /** Mean configured backoff (with its jitter) before retry {@code n}, in nanoseconds, or -1 when none. */
    public double meanConfiguredNanos(int n) {
        long c = n < waits.length() ? waits.get(n) : 0;
        return c == 0 ? -1 : (double) configuredNanos.get(n) / c;
    }

    /** Retries that reached number {@code n}. */
    public long waitsAt(int n) { return n < waits.length() ? waits.get(n) : 0; }

    public synchronized List<Transition> transitions() { return List.copyOf(transitions); }
}
