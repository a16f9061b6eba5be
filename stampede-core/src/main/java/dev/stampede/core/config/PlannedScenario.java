package dev.stampede.core.config;

import dev.stampede.core.engine.ScenarioPlan;

/**
 * A scenario ready to run: the engine's plan and the workload settings it runs with. Immutable.
 *
 * @param users the largest concurrency any phase asks for, used to size the connection pool
 */
public record PlannedScenario(ScenarioPlan plan, WorkloadConfig workload, int users) {
}
