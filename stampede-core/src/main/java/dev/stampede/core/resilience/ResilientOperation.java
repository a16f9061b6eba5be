package dev.stampede.core.resilience;

import dev.stampede.core.api.ErrorClass;
import dev.stampede.core.api.Operation;
import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.engine.NanoClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import java.util.concurrent.TimeUnit;

/**
 * An operation under a resilience policy: each logical request (one engine attempt) may make several physical
 * attempts on the wrapped operation, retried by a {@link RetryPolicy} after a backoff waited on the engine's clock,
 * and each physical attempt passes a Resilience4j circuit breaker first, which may refuse it while open. The attempt's
 * latency is therefore what a user of such a client feels: retries and backoffs included. Retries are reported to
 * the engine ({@link OperationContext#addRetry()}), so the attempt is still counted once; physical attempts and
 * backoffs go to {@link ResilienceStats}.
 *
 * <p>A refused call fails with {@link #CIRCUIT_OPEN} and sends nothing. When the breaker refuses a retry, the request
 * ends with the breaker's refusal (the last physical failure is in the sample of the attempts before it). Thread-safe
 * when the wrapped operation is.
 */
public final class ResilientOperation implements Operation {
    /** The breaker refused the call: nothing was sent. */
    public static final ErrorClass CIRCUIT_OPEN = new ErrorClass("circuit-open", "refused by the circuit breaker (open)", false);

    private final Operation delegate;
    private final RetryPolicy retry;
    private final CircuitBreaker breaker;
    private final NanoClock clock;
    private final ResilienceStats stats;

    /**
     * @param retry   the retry policy, or null for none
     * @param breaker the breaker (built on {@link EngineClocks#of(NanoClock)}), or null for none
     */
    public ResilientOperation(Operation delegate, RetryPolicy retry, CircuitBreaker breaker, NanoClock clock, ResilienceStats stats) {
        this.delegate = delegate;
        this.retry = retry;
        this.breaker = breaker;
        this.clock = clock;
        this.stats = stats;
    }

    @Override public String name() { return delegate.name(); }

    @Override
    public Outcome call(OperationContext ctx) throws InterruptedException {
        stats.logical(clock.nanoTime());
        int max = retry == null ? 1 : retry.maxAttempts();
        Outcome last = null;
        for (int attempt = 1; attempt <= max; attempt++) {
            if (attempt > 1) {
                int n = attempt - 1;
                long wait = retry.backoffNanos(n, ctx.random());
                long t0 = clock.nanoTime();
                clock.sleepUntil(t0 + wait);
                stats.waited(n, wait, clock.nanoTime() - t0);
                ctx.addRetry();
            }
            if (breaker != null && !breaker.tryAcquirePermission()) {
                stats.rejected();
                return Outcome.failed(CIRCUIT_OPEN, "the circuit breaker is " + breaker.getState().name().toLowerCase(java.util.Locale.ROOT)
                        + (last == null ? "" : " after " + (attempt - 1) + " failed tries (last: " + last.message() + ")"));
            }
            stats.physical(clock.nanoTime());
            long start = clock.nanoTime();
            Outcome o;
            try {
                o = delegate.call(ctx);
            } catch (RuntimeException e) {
                if (breaker != null) breaker.onError(clock.nanoTime() - start, TimeUnit.NANOSECONDS, e);
                throw e;
            }
            if (breaker != null) {
                long took = clock.nanoTime() - start;
                if (o.isOk()) breaker.onSuccess(took, TimeUnit.NANOSECONDS);
                else breaker.onError(took, TimeUnit.NANOSECONDS, new Failed(o));
            }
            if (o.isOk() || retry == null || !retry.retryable(o.error(), o.status() == Outcome.Status.UNKNOWN)) return o;
            last = o;
        }
        return last;
    }

    /** A failed outcome as the breaker's error: no stack trace, the outcome's message. */
    static final class Failed extends Exception {
        Failed(Outcome o) {
            super(o.toString(), null, false, false);
        }
    }
}
