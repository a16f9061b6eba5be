package dev.stampede.core.fault;

import java.time.Duration;

/**
 * One scheduled fault: on which target, what, from when (after the scenario's measured phase starts) and for how
 * long. Immutable.
 *
 * @param target the target's configuration section, for example {@code database} or {@code redis}
 * @param fault  the fault
 * @param at     offset from the start of the measured phase, not negative
 * @param length how long it lasts, positive
 */
public record FaultWindow(String target, Fault fault, Duration at, Duration length) {
    public FaultWindow {
        if (at.isNegative()) throw new IllegalArgumentException("a fault window cannot start before the phase: " + at);
        if (length.isZero() || length.isNegative()) throw new IllegalArgumentException("a fault window must last: " + length);
    }

    /** Offset of its end from the start of the measured phase. */
    public Duration end() { return at.plus(length); }

    /**
     * This window on a scenario scaled by {@code scale} (--time-scale): start and length scaled alike, a length never
     * below 100 ms (as scaled phases), so a fault still happens.
     */
    public FaultWindow scaled(double scale) {
        if (scale == 1.0) return this;
        return new FaultWindow(target, fault, Duration.ofMillis(Math.round(at.toMillis() * scale)),
                Duration.ofMillis(Math.max(100, Math.round(length.toMillis() * scale))));
    }
}
