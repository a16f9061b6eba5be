package dev.stampede.core.resilience;

import dev.stampede.core.engine.NanoClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import java.time.Duration;

/**
 * A scenario's client-side resilience policy, as its {@code resilience:} section configures it: a retry policy, a
 * circuit breaker, or both, put on every operation of the scenario's workload ({@link ResilientWorkload}). One
 * breaker per scenario, shared by its operations, as an application's client guards one service. Immutable.
 *
 * @param retry   the retries, or null for none
 * @param breaker the breaker's settings, or null for none
 */
public record ResiliencePolicy(RetryPolicy retry, Breaker breaker) {

    /**
     * A count-based circuit breaker's settings (see {@link EngineClocks#breaker}).
     *
     * @param failurePercent opens when at least this share of the last {@code window} calls failed
     * @param window         calls in the sliding window
     * @param minimumCalls   calls before the failure rate counts
     * @param openFor        how long it stays open before letting trial calls through
     * @param halfOpenCalls  trial calls that decide between closing and opening again
     */
    public record Breaker(float failurePercent, int window, int minimumCalls, Duration openFor, int halfOpenCalls) {
        public Breaker {
            if (failurePercent <= 0 || failurePercent > 100) throw new IllegalArgumentException("failure percent must be in (0, 100]");
            if (window < 1 || minimumCalls < 1 || halfOpenCalls < 1) throw new IllegalArgumentException("breaker counts must be positive");
            if (openFor.isNegative() || openFor.isZero()) throw new IllegalArgumentException("the open period must be positive");
        }

        /** A breaker with these settings on the engine's clock, recording its transitions in {@code stats}. */
        public CircuitBreaker build(String name, NanoClock clock, ResilienceStats stats) {
            return EngineClocks.breaker(name, clock, failurePercent, window, minimumCalls, openFor, halfOpenCalls, stats);
        }
    }

    /** The largest retry number the policy reaches (0 without retries), for {@link ResilienceStats}. */
    public int maxRetries() {
        return retry == null ? 0 : retry.maxAttempts() - 1;
    }
}
