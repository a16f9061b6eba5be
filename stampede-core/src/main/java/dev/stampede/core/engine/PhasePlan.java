package dev.stampede.core.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * One phase of a scenario. Immutable. A phase ends at its duration or after its iterations, whichever
 * comes first; at least one of them is set.
 *
 * @param name       shown in progress lines and time series
 * @param model      closed or open load
 * @param duration   planned length; null for "until the iterations are done"
 * @param iterations closed model: attempts per virtual user; open model: arrivals in all; 0 for none
 * @param recorded   false for a warm-up phase whose attempts are not part of the results
 */
public record PhasePlan(String name, LoadModel model, Duration duration, long iterations, boolean recorded) {
    public PhasePlan {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        if (duration == null && iterations <= 0) {
            throw new IllegalArgumentException("phase '" + name + "' needs a duration or an iteration count");
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("phase '" + name + "' duration must be positive, got " + duration);
        }
        if (iterations < 0) throw new IllegalArgumentException("phase '" + name + "' iterations must not be negative");
    }
}
