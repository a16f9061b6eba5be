package dev.stampede.core.capacity;

import dev.stampede.core.engine.ArrivalProcess;
import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioPlan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a scenario into one probe for the engine: the same workload, an open-model phase at the probe's fixed rate
 * with the scenario's arrival process and in-flight limit (its {@code connections}), after a warm-up at that rate whose
 * attempts are not recorded. The engine, its timing contract and its monitors are the ones every scenario uses.
 * Stateless.
 */
public final class ProbePlan {
    /** The measured phase's name, in the time series and the trend check. */
    public static final String MEASURED = "probe";
    /** The discarded warm-up phase's name. */
    public static final String WARMUP = "probe-warmup";

    private ProbePlan() {
    }

    /** The engine plan of {@code probe} on {@code scenario}, named {@code NAME@RATE/s}. */
    public static ScenarioPlan of(ScenarioPlan scenario, CapacitySearch.Probe probe, CapacitySettings settings) {
        ArrivalProcess arrivals = ArrivalProcess.CONSTANT;
        for (PhasePlan p : scenario.phases()) {
            if (p.model() instanceof LoadModel.Open open) {
                arrivals = open.arrivals();
                break;
            }
        }
        LoadModel.Open model = new LoadModel.Open(probe.rate(), arrivals, scenario.peakConcurrency());
        List<PhasePlan> phases = new ArrayList<>();
        if (!settings.warmup().isZero()) phases.add(new PhasePlan(WARMUP, model, settings.warmup(), 0, false));
        phases.add(new PhasePlan(MEASURED, model, probe.duration(), 0, true));
        return new ScenarioPlan(name(scenario.name(), probe.rate()), "capacity probe of " + scenario.name() + " at "
                + rate(probe.rate()) + "/s" + (probe.extended() ? " (extended: latency was still rising)" : ""), phases,
                scenario.timeLimit());
    }

    /** {@code NAME@RATE/s}. */
    public static String name(String scenario, double rate) {
        return scenario + "@" + rate(rate) + "/s";
    }

    static String rate(double r) {
        return String.format(Locale.ROOT, r >= 100 ? "%.0f" : r >= 10 ? "%.1f" : "%.2f", r);
    }
}
