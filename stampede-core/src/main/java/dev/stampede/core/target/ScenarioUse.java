package dev.stampede.core.target;

import dev.stampede.core.config.PlannedScenario;
import dev.stampede.core.config.Thresholds;
import dev.stampede.core.shard.ShardRole;

import java.util.Map;

/**
 * How a scenario uses one target. Immutable.
 *
 * @param scenario   the scenario about to run
 * @param drivesLoad true when the scenario's workload belongs to this target
 * @param targets    every target opened for the run, by provider name (a workload that also needs another
 *                   target, such as a cache in front of the database, finds it here)
 * @param thresholds the run's limits, target-specific ones included
 * @param shard      in a distributed run, whether this process prepares the workload's data (and marks it ready) or
 *                   waits for shard 0's mark; {@link ShardRole#SINGLE} otherwise. A target that keeps no shared data
 *                   may ignore it; one that loads data should prepare it once (docs/distributed.md)
 */
public record ScenarioUse(PlannedScenario scenario, boolean drivesLoad, Map<String, Target> targets, Thresholds thresholds,
                          ShardRole shard) {
    public ScenarioUse {
        targets = Map.copyOf(targets);
        shard = shard == null ? ShardRole.SINGLE : shard;
    }

    /** An ordinary, unsharded use. */
    public ScenarioUse(PlannedScenario scenario, boolean drivesLoad, Map<String, Target> targets, Thresholds thresholds) {
        this(scenario, drivesLoad, targets, thresholds, ShardRole.SINGLE);
    }
}
