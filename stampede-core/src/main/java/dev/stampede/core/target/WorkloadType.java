package dev.stampede.core.target;

import java.util.Set;

/**
 * A workload a target can run. Immutable.
 *
 * @param name        the value of {@code workload.type} / a scenario's {@code workload}, for example {@code game}
 * @param description one line for listings
 * @param alsoNeeds   names of other targets its operations touch (a cache-aside read goes to Redis and then
 *                    PostgreSQL); the session opens them too and hands them over in {@link ScenarioUse#targets()}
 */
public record WorkloadType(String name, String description, Set<String> alsoNeeds) {
    public WorkloadType {
        alsoNeeds = Set.copyOf(alsoNeeds);
    }

    public WorkloadType(String name, String description) {
        this(name, description, Set.of());
    }
}
