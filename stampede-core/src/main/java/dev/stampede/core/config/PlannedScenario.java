package dev.stampede.core.config;

import dev.stampede.core.engine.ScenarioPlan;
import dev.stampede.core.fault.FaultWindow;
import dev.stampede.core.resilience.ResiliencePolicy;

import java.util.List;

/**
 * A scenario ready to run: the engine's plan, the workload settings it runs with, its fault windows and its
 * resilience policy. Immutable.
 *
 * @param users      the largest concurrency any phase asks for, used to size the connection pool
 * @param faults     fault windows scaled like the plan, offsets from the first recorded phase's start; empty for none
 * @param resilience the retry and breaker policy on every operation, or null for none
 */
public record PlannedScenario(ScenarioPlan plan, WorkloadConfig workload, int users, List<FaultWindow> faults,
                              ResiliencePolicy resilience) {
    public PlannedScenario {
        faults = faults == null ? List.of() : List.copyOf(faults);
    }

    public PlannedScenario(ScenarioPlan plan, WorkloadConfig workload, int users) {
        this(plan, workload, users, List.of(), null);
    }
}
