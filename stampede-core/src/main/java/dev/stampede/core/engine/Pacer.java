package dev.stampede.core.engine;

/**
 * Sleeps until a deadline unless the run is stopped first. Sleeps in slices of at most 50 ms so that a
 * stop is noticed promptly without interrupting threads that may be inside a driver call.
 */
final class Pacer {
    private static final long SLICE_NANOS = 50_000_000L;
    private final NanoClock clock;
    private final RunControl control;

    Pacer(NanoClock clock, RunControl control) {
        this.clock = clock;
        this.control = control;
    }

    /** @return true when the deadline was reached, false when the run was stopped (or interrupted) first */
    boolean awaitUntil(long deadline) {
        try {
            while (!control.isStopped()) {
                long now = clock.nanoTime();
                if (now >= deadline) return true;
                clock.sleepUntil(Math.min(deadline, now + SLICE_NANOS));
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
