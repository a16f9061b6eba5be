package dev.stampede.core.target;

import dev.stampede.core.config.PlannedScenario;
import dev.stampede.core.config.Thresholds;

import java.util.Map;

/**
 * How a scenario uses one target. Immutable.
 *
 * @param scenario   the scenario about to run
 * @param drivesLoad true when the scenario's workload belongs to this target
 * @param targets    every target opened for the run, by provider name (a workload that also needs another
 *                   target, such as a cache in front of the database, finds it here)
 * @param thresholds the run's limits, target-specific ones included
 */
public record ScenarioUse(PlannedScenario scenario, boolean drivesLoad, Map<String, Target> targets, Thresholds thresholds) {
    public ScenarioUse {
        targets = Map.copyOf(targets);
    }
}
