package dev.stampede.http.demo;

import dev.stampede.core.engine.NanoClock;

/**
 * A token bucket: {@code capacity} tokens, refilled at {@code perSecond}. {@link #take} answers 0 when a token was
 * taken, otherwise the whole seconds until one is available (the Retry-After to send). Time comes from the injected
 * clock. Thread-safe (synchronised; one short critical section per request).
 */
public final class TokenBucket {
    private final NanoClock clock;
    private final double capacity;
    private final double perNano;
    private double tokens;
    private long last;

    public TokenBucket(NanoClock clock, int capacity, double perSecond) {
        this.clock = clock;
        this.capacity = capacity;
        this.perNano = perSecond / 1e9;
        this.tokens = capacity;
        this.last = clock.nanoTime();
    }

    /** @return 0 when allowed; else seconds to wait (at least 1) */
    public synchronized long take() {
        long now = clock.nanoTime();
        tokens = Math.min(capacity, tokens + (now - last) * perNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1e9));
    }
}
