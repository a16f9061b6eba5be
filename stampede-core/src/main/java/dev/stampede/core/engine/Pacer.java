package dev.stampede.core.engine;

/**
 * Sleeps until a deadline unless the run is stopped first or the deadline lies at or after the phase's
 * end: ramp-up starts, think time and paced slots never stretch a phase. Sleeps in slices of at most
 * 50 ms so that a stop is noticed promptly without interrupting threads that may be inside a driver
 * call. Thread-safe (no mutable state).
 */
final class Pacer {
    private static final long SLICE_NANOS = 50_000_000L;
    private final NanoClock clock;
    private final RunControl control;
    private final long phaseEnd;

    /** @param phaseEnd clock reading at which the phase ends; {@link Long#MAX_VALUE} for none */
    Pacer(NanoClock clock, RunControl control, long phaseEnd) {
        this.clock = clock;
        this.control = control;
        this.phaseEnd = phaseEnd;
    }

    /**
     * @return true when the deadline was reached; false at once when the deadline is at or after the
     * phase's end, and false when the run was stopped (or the thread interrupted) first
     */
    boolean awaitUntil(long deadline) {
        if (deadline >= phaseEnd) return false;
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
