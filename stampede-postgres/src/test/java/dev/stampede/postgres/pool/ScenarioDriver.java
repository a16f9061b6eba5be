package dev.stampede.postgres.pool;

import dev.stampede.core.api.Monitor;
import dev.stampede.core.config.PlannedScenario;
import dev.stampede.core.config.ScenarioSpec;
import dev.stampede.core.config.Thresholds;
import dev.stampede.core.config.WorkloadConfig;
import dev.stampede.core.engine.Engine;
import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.NanoClock;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ProgressListener;
import dev.stampede.core.engine.RunControl;
import dev.stampede.core.engine.ScenarioPlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.report.GeneratorMonitor;
import dev.stampede.core.target.ScenarioFindings;
import dev.stampede.core.target.ScenarioScope;
import dev.stampede.core.target.ScenarioUse;
import dev.stampede.core.target.Target;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs a planned scenario through a real target's scope and the real engine, as the CLI's session does. */
final class ScenarioDriver {
    static final Thresholds THRESHOLDS = new Thresholds(null, null, null, null, null, null, null, null, null, 0.8);

    record Result(ScenarioRun run, ScenarioFindings findings) {
        Object extra(String key) { return findings.extras().get(key); }
    }

    private ScenarioDriver() {
    }

    /** A phased suite scenario with its durations scaled by {@code scale}. */
    static PlannedScenario phased(ScenarioSpec s, double scale, WorkloadConfig base) {
        List<PhasePlan> phases = new ArrayList<>();
        for (ScenarioSpec.PhaseSpec p : s.phases()) {
            phases.add(new PhasePlan(p.name(), new LoadModel.Closed(p.connections(), Duration.ZERO, p.thinkTime(), Duration.ZERO),
                    Duration.ofMillis(Math.round(p.duration().toMillis() * scale)), 0, p.recorded()));
        }
        ScenarioPlan plan = new ScenarioPlan(s.name(), s.description(), phases, null);
        return new PlannedScenario(plan, base.forScenario(s.workload(), s.operations()), plan.peakConcurrency());
    }

    /** One steady phase of {@code users} closed-model users for {@code d}. */
    static PlannedScenario steady(String name, int users, Duration d, WorkloadConfig workload) {
        ScenarioPlan plan = new ScenarioPlan(name, name, List.of(new PhasePlan("steady",
                new LoadModel.Closed(users, Duration.ZERO, Duration.ZERO, Duration.ZERO), d, 0, true)), null);
        return new PlannedScenario(plan, workload, users);
    }

    static WorkloadConfig workload(String type) {
        return new WorkloadConfig(type, 1, 0.5, 1, null, List.of(), List.of());
    }

    static Result run(Target target, PlannedScenario ps) throws Exception {
        try (ScenarioScope scope = target.begin(new ScenarioUse(ps, true, Map.of(target.name(), target), THRESHOLDS))) {
            List<Monitor> monitors = new ArrayList<>(scope.monitors());
            monitors.add(new GeneratorMonitor());
            Engine engine = new Engine(NanoClock.SYSTEM, new Engine.Settings(Duration.ofSeconds(1), Duration.ofSeconds(3), 10, 7));
            ScenarioRun run = engine.runScenario(ps.plan(), scope.workload(), monitors, new RunControl(), ProgressListener.NONE,
                    scope.phaseListener());
            return new Result(run, scope.finish(run));
        }
    }
}
