package dev.stampede.core.config;

import dev.stampede.core.engine.ArrivalProcess;
import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioPlan;
import dev.stampede.core.fault.FaultSpecs;
import dev.stampede.core.fault.FaultWindow;
import dev.stampede.core.engine.Stages;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the selected scenarios of a {@link RunConfig} into engine plans: applies the overrides (flags
 * and environment), the time scale and the MAX_WORKERS cap, and adds the warm-up phase.
 */
public final class PlanBuilder {
    private PlanBuilder() {
    }

    /** @param notes receives a line for every cap applied, so the user is told */
    public static List<PlannedScenario> build(RunConfig config, List<String> notes) {
        List<PlannedScenario> out = new ArrayList<>();
        for (String name : config.selected()) {
            out.add(plan(config, config.scenarios().get(name), notes));
        }
        return out;
    }

    private static PlannedScenario plan(RunConfig c, ScenarioSpec s, List<String> notes) {
        RunConfig.LoadOverrides o = c.overrides();
        double scale = c.timeScale();
        List<PhasePlan> phases = new ArrayList<>();
        if (s.stages() != null || s.rateStages() != null) {
            phases.add(staged(c, s, notes));
        } else if (s.phases().isEmpty()) {
            int users = cap(c, s.name(), o.connections() != null ? o.connections() : s.connections(), notes);
            double qps = o.qpsTarget() != null ? o.qpsTarget() : s.qpsTarget();
            ArrivalProcess arrival = o.arrival() != null ? o.arrival() : s.arrival();
            Duration think = o.thinkTime() != null ? o.thinkTime() : s.thinkTime();
            long iterations = o.iterations() != null ? o.iterations() : s.iterations();
            Duration ownDuration = scaled(s.duration(), scale);
            Duration duration = o.duration() != null ? o.duration() : ownDuration;
            if (o.iterations() != null && o.duration() == null) duration = null;
            if (duration == null && iterations == 0) {
                throw new ConfigException("scenario '" + s.name() + "' has neither a duration nor iterations; set --duration");
            }
            Duration ramp = rampUp(s, o, scale, ownDuration, duration, notes);
            Duration pace = o.pace() != null ? o.pace() : s.pace();
            LoadModel model = model(s.name(), users, qps, arrival, ramp, think, pace);
            Duration warmup = scaled(s.warmup(), scale);
            if (warmup != null && !warmup.isZero() && o.iterations() == null) {
                phases.add(new PhasePlan("warmup", model, warmup, 0, false));
                model = model(s.name(), users, qps, arrival, Duration.ZERO, think, pace);
            }
            phases.add(new PhasePlan("steady", model, duration, iterations, true));
        } else {
            for (ScenarioSpec.PhaseSpec p : s.phases()) {
                int users = cap(c, s.name(), o.connections() != null ? o.connections() : p.connections(), notes);
                double qps = o.qpsTarget() != null ? o.qpsTarget() : p.qpsTarget();
                Duration duration = o.duration() != null ? o.duration() : scaled(p.duration(), scale);
                Duration phaseRamp = scaled(p.rampUp(), scale);
                if (duration != null && phaseRamp != null && !phaseRamp.isZero() && phaseRamp.compareTo(duration) >= 0) {
                    throw new ConfigException("scenario '" + s.name() + "', phase '" + p.name() + "': ramp-up "
                            + Durations.format(phaseRamp) + " is not shorter than the phase (" + Durations.format(duration)
                            + "); users would still be starting when it ends. Shorten ramp_up or lengthen the phase");
                }
                phases.add(new PhasePlan(p.name(), model(s.name(), users, qps, o.arrival() != null ? o.arrival() : p.arrival(),
                        phaseRamp, o.thinkTime() != null ? o.thinkTime() : p.thinkTime(), o.pace() != null ? o.pace() : p.pace()),
                        duration, p.iterations(), p.recorded()));
            }
        }
        ScenarioPlan plan = new ScenarioPlan(s.name(), s.description(), phases, c.testTimeout());
        double ratio = o.readWriteRatio() != null ? o.readWriteRatio()
                : s.readWriteRatio() != null ? s.readWriteRatio() : c.workload().readWriteRatio();
        List<FaultWindow> faults = new ArrayList<>();
        for (FaultWindow w : s.faults()) faults.add(w.scaled(scale));
        if (!faults.isEmpty()) FaultSpecs.within(faults, "scenario '" + s.name() + "'", measuredLength(plan));
        return new PlannedScenario(plan, c.workload().forScenario(s.workload(), s.operations()).withReadWriteRatio(ratio),
                plan.peakConcurrency(), faults, s.resilience());
    }

    /**
     * How long fault windows may last: from the first recorded phase's start to the end of the last phase; null
     * (no limit) when a phase runs by iterations rather than time.
     */
    private static Duration measuredLength(ScenarioPlan plan) {
        Duration total = Duration.ZERO;
        boolean started = false;
        for (PhasePlan p : plan.phases()) {
            started |= p.recorded();
            if (!started) continue;
            if (p.duration() == null) return null;
            total = total.plus(p.duration());
        }
        return total;
    }

    /**
     * The one phase of a scenario with stages (ramping users or a ramping arrival rate). The time scale and a
     * {@code --duration} override stretch every stage alike (with a note); the overrides a stage list replaces
     * ({@code --connections} for users, {@code --qps-target}, {@code --ramp-up}) are refused, so no flag is silently
     * ignored; a peak over {@code max_workers} is refused too (capping would change the shape).
     */
    private static PhasePlan staged(RunConfig c, ScenarioSpec s, List<String> notes) {
        RunConfig.LoadOverrides o = c.overrides();
        boolean users = s.stages() != null;
        Stages st = users ? s.stages() : s.rateStages();
        String key = users ? "stages" : "rate_stages";
        if (o.qpsTarget() != null || o.rampUp() != null || (users && o.connections() != null)) {
            String flag = o.qpsTarget() != null ? "--qps-target" : o.rampUp() != null ? "--ramp-up" : "--connections";
            throw new ConfigException(flag + " does not apply to scenario '" + s.name() + "': its " + key
                    + " set the load over time. Edit the stages in the config file, or drop " + flag);
        }
        st = st.scaled(c.timeScale());
        if (o.duration() != null) {
            double factor = (double) o.duration().toNanos() / st.total().toNanos();
            notes.add("scenario '" + s.name() + "': every stage stretched by " + String.format(java.util.Locale.ROOT, "%.3g", factor)
                    + " to the duration override (" + Durations.format(st.total()) + " -> " + Durations.format(o.duration()) + ")");
            st = st.scaled(factor);
        }
        if (users && c.maxWorkers() != null && st.peak() > c.maxWorkers()) {
            throw new ConfigException("scenario '" + s.name() + "': its stages reach " + (int) Math.ceil(st.peak())
                    + " users, over max_workers = " + c.maxWorkers() + " (MAX_WORKERS / run.max_workers); lower the stages' targets");
        }
        Duration think = o.thinkTime() != null ? o.thinkTime() : s.thinkTime();
        Duration pace = o.pace() != null ? o.pace() : s.pace();
        long iterations = o.iterations() != null ? o.iterations() : s.iterations();
        LoadModel model;
        if (users) {
            Duration t = think == null ? Duration.ZERO : think, p = pace == null ? Duration.ZERO : pace;
            if (!t.isZero() && !p.isZero()) {
                throw new ConfigException("scenario '" + s.name() + "' sets both pace and think time; they are exclusive. Keep one");
            }
            model = LoadModel.Closed.ramping(st, t, p);
        } else {
            int inFlight = cap(c, s.name(), o.connections() != null ? o.connections() : s.connections(), notes);
            model = LoadModel.Open.ramping(st, o.arrival() != null ? o.arrival() : s.arrival(), inFlight);
        }
        return new PhasePlan("steady", model, st.total(), iterations, true);
    }

    /**
     * The ramp-up of a single-phase scenario. A ramp the user gave is used as given, and refused when it is not
     * shorter than the phase. A scenario's own ramp (a preset's tenth of its length) follows a --duration
     * override in proportion, so {@code --duration 10s} on the 5-minute baseline ramps over 1 s, not 30 s;
     * never silently longer than the phase it belongs to.
     */
    private static Duration rampUp(ScenarioSpec s, RunConfig.LoadOverrides o, double scale, Duration ownDuration,
                                   Duration duration, List<String> notes) {
        if (o.rampUp() != null) {
            if (duration != null && !o.rampUp().isZero() && o.rampUp().compareTo(duration) >= 0) {
                throw new ConfigException("--ramp-up " + Durations.format(o.rampUp()) + " is not shorter than scenario '" + s.name()
                        + "' (" + Durations.format(duration) + "); users would still be starting when it ends. "
                        + "Give a shorter --ramp-up or a longer --duration");
            }
            return o.rampUp();
        }
        Duration ramp = scaled(s.rampUp(), scale);
        if (ramp == null || ramp.isZero() || duration == null || ownDuration == null || duration.equals(ownDuration)) {
            if (ramp != null && duration != null && !ramp.isZero() && ramp.compareTo(duration) >= 0) {
                throw new ConfigException("scenario '" + s.name() + "': ramp-up " + Durations.format(ramp)
                        + " is not shorter than its duration (" + Durations.format(duration) + "); shorten ramp_up");
            }
            return ramp;
        }
        Duration proportional = Duration.ofMillis(Math.round(ramp.toMillis() * (double) duration.toMillis() / ownDuration.toMillis()));
        if (!proportional.equals(ramp)) {
            notes.add("scenario '" + s.name() + "': ramp-up " + Durations.format(ramp) + " scaled to " + Durations.format(proportional)
                    + " with the duration override (" + Durations.format(ownDuration) + " -> " + Durations.format(duration)
                    + "); set --ramp-up to choose it");
        }
        return proportional;
    }

    private static LoadModel model(String scenario, int users, double qps, ArrivalProcess arrival, Duration ramp, Duration think,
                                   Duration pace) {
        if (qps > 0) return new LoadModel.Open(qps, arrival, users);
        Duration t = think == null ? Duration.ZERO : think;
        Duration p = pace == null ? Duration.ZERO : pace;
        if (!p.isZero() && !t.isZero()) {
            throw new ConfigException("scenario '" + scenario + "' sets both pace (" + Durations.format(p) + ") and think time ("
                    + Durations.format(t) + "); they are exclusive, because pace already spaces a user's iterations. Keep one");
        }
        return new LoadModel.Closed(users, ramp == null ? Duration.ZERO : ramp, t, p);
    }

    private static int cap(RunConfig c, String scenario, int users, List<String> notes) {
        if (c.maxWorkers() != null && users > c.maxWorkers()) {
            notes.add("scenario '" + scenario + "' asks for " + users + " connections; capped at max_workers = "
                    + c.maxWorkers() + " (MAX_WORKERS / run.max_workers)");
            return c.maxWorkers();
        }
        return users;
    }

    private static Duration scaled(Duration d, double scale) {
        if (d == null || scale == 1.0) return d;
        long ms = Math.round(d.toMillis() * scale);
        return Duration.ofMillis(Math.max(d.isZero() ? 0 : 100, ms));
    }
}
