package dev.stampede.core.resilience;

import dev.stampede.core.api.ErrorClass;

import java.time.Duration;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Retry with exponential backoff and jitter, as seed 002 tests it (0.1, 0.2, 0.4, 0.8 s). Retry {@code n} (from 1)
 * waits {@code min(initial * multiplier^(n-1), max)}, spread uniformly over ±{@code jitter} of itself. Only failures
 * of the retryable classes are retried: the codes in {@code retryOn}, or, when it is empty, the classes that mean the
 * target could not be reached ({@link ErrorClass#connectionFailure()}). Unknown outcomes (the write may have happened)
 * are retried only when their class is named explicitly, because retrying them can apply a write twice. Immutable.
 *
 * @param maxAttempts physical attempts per logical request, at least 1 (1: no retry)
 * @param initial     the first backoff
 * @param multiplier  growth per retry, at least 1
 * @param jitter      randomization factor from 0 (none) to 1
 * @param max         the longest backoff
 * @param retryOn     error class codes to retry; empty for connection failures
 */
public record RetryPolicy(int maxAttempts, Duration initial, double multiplier, double jitter, Duration max, Set<String> retryOn) {
    public RetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("max attempts must be at least 1");
        if (multiplier < 1) throw new IllegalArgumentException("the backoff multiplier must be at least 1");
        if (jitter < 0 || jitter > 1) throw new IllegalArgumentException("jitter must be from 0 to 1");
        if (initial.isNegative() || max.compareTo(initial) < 0) throw new IllegalArgumentException("backoff must be 0 <= initial <= max");
        retryOn = Set.copyOf(retryOn);
    }

    /** Seed 002's: 4 attempts, 0.1 s doubling, no jitter, connection failures only. */
    public static RetryPolicy seed002() {
        return new RetryPolicy(4, Duration.ofMillis(100), 2.0, 0.0, Duration.ofSeconds(30), Set.of());
    }

    /** Whether a failure of class {@code ec} with this status is retried. */
    public boolean retryable(ErrorClass ec, boolean unknown) {
        if (!retryOn.isEmpty()) return retryOn.contains(ec.code());
        return !unknown && ec.connectionFailure();
    }

    /** The configured backoff before retry {@code n} (from 1), before jitter, in nanoseconds. */
    public long baseNanos(int n) {
        double v = initial.toNanos() * Math.pow(multiplier, n - 1);
        return (long) Math.min(v, max.toNanos());
    }

    /** The backoff to wait before retry {@code n}, with jitter drawn from {@code random}. */
    public long backoffNanos(int n, SplittableRandom random) {
        long base = baseNanos(n);
        if (jitter == 0 || base == 0) return base;
        double f = 1 + jitter * (2 * random.nextDouble() - 1);
        return (long) (base * f);
    }
}
