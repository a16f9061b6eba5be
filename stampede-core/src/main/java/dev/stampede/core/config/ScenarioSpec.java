package dev.stampede.core.config;

import dev.stampede.core.engine.ArrivalProcess;

import java.time.Duration;
import java.util.List;

/**
 * A scenario as configured (a preset or from the config file), before time scaling and overrides.
 * Either a single steady phase described by the top-level fields, or explicit {@code phases}.
 *
 * @param qpsTarget      0 for the closed model; a positive rate for the open model
 * @param readWriteRatio null to use the workload's ratio
 */
public record ScenarioSpec(String name, String description, int connections, Duration duration, double qpsTarget,
                           ArrivalProcess arrival, Duration rampUp, Duration thinkTime, long iterations,
                           Double readWriteRatio, Duration warmup, List<PhaseSpec> phases) {
    public ScenarioSpec {
        phases = phases == null ? List.of() : List.copyOf(phases);
    }

    /**
     * One explicit phase.
     *
     * @param connections closed model: users; open model: most attempts in flight
     */
    public record PhaseSpec(String name, int connections, Duration duration, double qpsTarget, ArrivalProcess arrival,
                            Duration rampUp, Duration thinkTime, long iterations, boolean recorded) {
    }
}
