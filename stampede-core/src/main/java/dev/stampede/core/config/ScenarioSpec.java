package dev.stampede.core.config;

import dev.stampede.core.engine.ArrivalProcess;
import dev.stampede.core.fault.FaultWindow;
import dev.stampede.core.resilience.ResiliencePolicy;
import dev.stampede.core.engine.Stages;

import java.time.Duration;
import java.util.List;

/**
 * A scenario as configured (a preset or from the config file), before time scaling and overrides.
 * Either a single steady phase described by the top-level fields, or explicit {@code phases}.
 *
 * @param qpsTarget      0 for the closed model; a positive rate for the open model
 * @param readWriteRatio null to use the workload's ratio
 * @param workload       workload type for this scenario (financial, repository...); null for the run's
 * @param operations     only these operations of the workload (names or group names); empty for all
 * @param pace           closed model: interval between a user's intended iteration starts (latency from the
 *                       user's schedule); zero for none
 * @param stages         ramping users (k6's ramping VUs, config key {@code stages}); null for none. The scenario then
 *                       lasts the stages' total and {@code connections} is not used
 * @param rateStages     ramping arrival rate (config key {@code rate_stages}, arrivals per second); null for none.
 *                       {@code connections} is then the most attempts in flight
 * @param faults         fault windows (unscaled), offsets from the start of the first recorded phase; empty for none
 * @param resilience     the client-side retry and breaker policy on every operation, or null for none
 */
public record ScenarioSpec(String name, String description, int connections, Duration duration, double qpsTarget,
                           ArrivalProcess arrival, Duration rampUp, Duration thinkTime, long iterations,
                           Double readWriteRatio, Duration warmup, List<PhaseSpec> phases, String workload,
                           List<String> operations, Duration pace, Stages stages, Stages rateStages, List<FaultWindow> faults,
                           ResiliencePolicy resilience) {
    public ScenarioSpec {
        phases = phases == null ? List.of() : List.copyOf(phases);
        operations = operations == null ? List.of() : List.copyOf(operations);
        pace = pace == null ? Duration.ZERO : pace;
        faults = faults == null ? List.of() : List.copyOf(faults);
        if (stages != null && rateStages != null) throw new IllegalArgumentException("stages and rate_stages are exclusive");
    }

    public ScenarioSpec(String name, String description, int connections, Duration duration, double qpsTarget,
                        ArrivalProcess arrival, Duration rampUp, Duration thinkTime, long iterations,
                        Double readWriteRatio, Duration warmup, List<PhaseSpec> phases, String workload,
                        List<String> operations, Duration pace) {
        this(name, description, connections, duration, qpsTarget, arrival, rampUp, thinkTime, iterations, readWriteRatio,
                warmup, phases, workload, operations, pace, null, null, List.of(), null);
    }

    /** This scenario with faults and a resilience policy (a preset's way to add them). */
    public ScenarioSpec withResilience(List<FaultWindow> faultWindows, ResiliencePolicy policy) {
        return new ScenarioSpec(name, description, connections, duration, qpsTarget, arrival, rampUp, thinkTime, iterations,
                readWriteRatio, warmup, phases, workload, operations, pace, stages, rateStages, faultWindows, policy);
    }

    public ScenarioSpec(String name, String description, int connections, Duration duration, double qpsTarget,
                        ArrivalProcess arrival, Duration rampUp, Duration thinkTime, long iterations,
                        Double readWriteRatio, Duration warmup, List<PhaseSpec> phases, String workload,
                        List<String> operations) {
        this(name, description, connections, duration, qpsTarget, arrival, rampUp, thinkTime, iterations, readWriteRatio,
                warmup, phases, workload, operations, Duration.ZERO);
    }

    public ScenarioSpec(String name, String description, int connections, Duration duration, double qpsTarget,
                        ArrivalProcess arrival, Duration rampUp, Duration thinkTime, long iterations,
                        Double readWriteRatio, Duration warmup, List<PhaseSpec> phases) {
        this(name, description, connections, duration, qpsTarget, arrival, rampUp, thinkTime, iterations, readWriteRatio,
                warmup, phases, null, List.of());
    }

    /**
     * One explicit phase.
     *
     * @param connections closed model: users; open model: most attempts in flight
     */
    public record PhaseSpec(String name, int connections, Duration duration, double qpsTarget, ArrivalProcess arrival,
                            Duration rampUp, Duration thinkTime, long iterations, boolean recorded, Duration pace) {
        public PhaseSpec {
            pace = pace == null ? Duration.ZERO : pace;
        }
    }
}
