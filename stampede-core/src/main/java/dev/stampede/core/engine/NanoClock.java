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

    /**
     * Wall-clock time in microseconds since the epoch, read beside {@link #nanoTime()} to place a timestamp another
     * process on this machine took (a Celery worker's) on the monotonic clock. Read it at the moment of the mapping,
     * not once at start: a wall clock stepped during the run would otherwise shift every later mapping by the step.
     * This default has only millisecond resolution; the system clock reads the microseconds.
     */
    default long epochMicros() {
        return currentTimeMillis() * 1000L;
    }

    /** Blocks until {@link #nanoTime()} reaches {@code deadline} (or returns at once when it has). */
    void sleepUntil(long deadline) throws InterruptedException;

    /**
     * Starts {@code task} on a new thread made by {@code builder}. Every thread the engine runs (users,
     * workers, the sampler, the abort helper) is started here, so that a virtual clock in tests knows
     * which threads it must see idle before it moves time on; the system clock just starts the thread.
     */
    default Thread start(Thread.Builder builder, Runnable task) {
        return builder.start(task);
    }

    /** The system clock. */
    NanoClock SYSTEM = new NanoClock() {
        @Override public long nanoTime() { return System.nanoTime(); }
        @Override public long currentTimeMillis() { return System.currentTimeMillis(); }
        @Override public long epochMicros() {
            java.time.Instant now = java.time.Instant.now();
            return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
        }
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
