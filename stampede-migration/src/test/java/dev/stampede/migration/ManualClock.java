package dev.stampede.migration;

import dev.stampede.core.engine.NanoClock;

import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told, or jumps to a deadline when someone sleeps until it (single-threaded tests). */
final class ManualClock implements NanoClock {
    final AtomicLong now = new AtomicLong(1_000_000_000L);

    void advanceMillis(long ms) { now.addAndGet(ms * 1_000_000L); }

    @Override public long nanoTime() { return now.get(); }

    @Override public long currentTimeMillis() { return now.get() / 1_000_000L; }

    @Override public void sleepUntil(long deadline) { now.accumulateAndGet(deadline, Math::max); }
}
