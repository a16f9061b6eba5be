package dev.stampede.core.resilience;

import dev.stampede.core.engine.NanoClock;
import dev.stampede.core.fault.FaultDriver;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Builds Resilience4j circuit breakers that keep time on the engine's {@link NanoClock}, so that a breaker's open
 * period passes in a virtual-clock test exactly as on the wall, and its state changes land on the same time axis as
 * the fault windows ({@link FaultDriver}) and the latency series. Stateless.
 */
public final class EngineClocks {
    private EngineClocks() {
    }

    /** A {@link Clock} whose instants are the engine clock's nanoseconds (only differences mean anything). */
    public static Clock of(NanoClock clock) {
        return new Clock() {
            @Override public ZoneId getZone() { return ZoneOffset.UTC; }

            @Override public Clock withZone(ZoneId zone) { return this; }

            @Override public Instant instant() { return Instant.ofEpochSecond(0, clock.nanoTime()); }

            @Override public long millis() { return clock.nanoTime() / 1_000_000L; }
        };
    }

    /**
     * A count-based breaker: it opens when at least {@code failurePercent} of the last {@code window} calls failed
     * (once {@code minimumCalls} were made), stays open {@code waitOpen}, then lets {@code halfOpenCalls} through to
     * decide. Its state changes are recorded in {@code stats} on the engine clock.
     */
    public static CircuitBreaker breaker(String name, NanoClock clock, float failurePercent, int window, int minimumCalls,
                                         Duration waitOpen, int halfOpenCalls, ResilienceStats stats) {
        CircuitBreakerConfig cfg = CircuitBreakerConfig.custom()
                .clock(of(clock))
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(window)
                .minimumNumberOfCalls(minimumCalls)
                .failureRateThreshold(failurePercent)
                .waitDurationInOpenState(waitOpen)
                .permittedNumberOfCallsInHalfOpenState(halfOpenCalls)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build();
        CircuitBreaker cb = CircuitBreaker.of(name, cfg);
        cb.getEventPublisher().onStateTransition(e -> stats.transition(clock.nanoTime(), e.getStateTransition().getFromState(),
                e.getStateTransition().getToState()));
        return cb;
    }
}
