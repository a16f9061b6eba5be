package dev.stampede.core.engine;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A named sequence of phases run against one workload. Immutable.
 *
 * @param timeLimit hard cap on the whole scenario (TEST_TIMEOUT); null for none
 */
public record ScenarioPlan(String name, String description, List<PhasePlan> phases, Duration timeLimit) {
    public ScenarioPlan {
        Objects.requireNonNull(name, "name");
        phases = List.copyOf(phases);
        if (phases.isEmpty()) throw new IllegalArgumentException("scenario '" + name + "' has no phases");
    }

    /** Planned length when every phase has a duration; null otherwise. */
    public Duration plannedDuration() {
        Duration total = Duration.ZERO;
        for (PhasePlan p : phases) {
            if (p.duration() == null) return null;
            total = total.plus(p.duration());
        }
        return total;
    }

    /** The largest concurrency any phase asks for: users, or in-flight attempts. */
    public int peakConcurrency() {
        int peak = 1;
        for (PhasePlan p : phases) {
            int c = switch (p.model()) {
                case LoadModel.Closed closed -> closed.users();
                case LoadModel.Open open -> open.maxInFlight();
            };
            peak = Math.max(peak, c);
        }
        return peak;
    }
}
