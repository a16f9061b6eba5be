package dev.stampede.core.engine;

/**
 * The engine's source of time, injected so that ramps, intervals and timeouts are testable
 * (the HikariCP ClockSource / Resilience4j MockClock habit).
 */
public interface NanoClock {

    /** Monotonic time in nanoseconds; only differences are meaningful. */
    long nanoTime();

    /** Wall-clock time in milliseconds since the epoch, for report timestamps only. */
    long currentTimeMillis();

    /** Blocks until {@link #nanoTime()} reaches {@code deadline} (or returns at once when it has). */
    void sleepUntil(long deadline) throws InterruptedException;

    /** The system clock. */
    NanoClock SYSTEM = new NanoClock() {
        @Override public long nanoTime() { return System.nanoTime(); }
        @Override public long currentTimeMillis() { return System.currentTimeMillis(); }
        @Override public void sleepUntil(long deadline) throws InterruptedException {
            long remaining;
            while ((remaining = deadline - System.nanoTime()) > 0) {
                if (remaining > 2_000_000L) {
                    Thread.sleep(remaining / 1_000_000L, (int) (remaining % 1_000_000L));
                } else {
                    java.util.concurrent.locks.LockSupport.parkNanos(remaining);
                    if (Thread.interrupted()) throw new InterruptedException();
                }
            }
        }
    };
}
