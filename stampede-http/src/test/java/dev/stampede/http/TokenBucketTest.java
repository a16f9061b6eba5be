package dev.stampede.http;

import dev.stampede.core.engine.NanoClock;
import dev.stampede.http.demo.TokenBucket;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketTest {
    static final class ManualClock implements NanoClock {
        long now;
        @Override public long nanoTime() { return now; }
        @Override public long currentTimeMillis() { return now / 1_000_000; }
        @Override public void sleepUntil(long deadline) { now = Math.max(now, deadline); }
    }

    @Test
    void allowsCapacityThenTellsTheWaitThenRefills() {
        ManualClock c = new ManualClock();
        TokenBucket b = new TokenBucket(c, 3, 0.5);
        for (int i = 0; i < 3; i++) assertThat(b.take()).isZero();
        assertThat(b.take()).isEqualTo(2);
        c.now += 1_000_000_000L;
        assertThat(b.take()).isEqualTo(1);
        c.now += 1_000_000_000L;
        assertThat(b.take()).isZero();
        assertThat(b.take()).isEqualTo(2);
    }
}
