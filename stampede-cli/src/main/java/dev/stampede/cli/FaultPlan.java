package dev.stampede.cli;

import dev.stampede.core.config.ConfigException;
import dev.stampede.core.config.PlannedScenario;
import dev.stampede.core.fault.FaultRoutes;
import dev.stampede.core.fault.FaultWindow;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The run's faults before anything runs: which target sections need a fault proxy, and whether every window can be
 * applied (its target is part of this run; the target routes through the proxy or offers the server-side kind).
 * Stateless; session thread.
 */
final class FaultPlan {
    private FaultPlan() {
    }

    /** Routes with a proxy for every section some scenario (of either side of an interleaved run) puts faults on. */
    static FaultRoutes routes(List<PlannedScenario> plans, List<PlannedScenario> baselinePlans) {
        Set<String> sections = new LinkedHashSet<>();
        List<PlannedScenario> all = new ArrayList<>(plans);
        all.addAll(baselinePlans);
        for (PlannedScenario ps : all) for (FaultWindow w : ps.faults()) sections.add(w.target());
        return new FaultRoutes(sections);
    }

    /** @throws ConfigException when a window's target will not be open in this run */
    static void checkTargets(List<PlannedScenario> plans, Set<String> openSections) {
        for (PlannedScenario ps : plans) {
            for (int i = 0; i < ps.faults().size(); i++) {
                FaultWindow w = ps.faults().get(i);
                if (!openSections.contains(w.target())) {
                    throw new ConfigException("fault #" + (i + 1) + " of scenario '" + ps.plan().name() + "' is on target '" + w.target()
                            + "', which this run does not use (no selected scenario loads it and it is not configured); configure it "
                            + "(its URL) or put the fault on one of " + String.join(", ", openSections));
                }
            }
        }
    }

    /** @throws ConfigException when an open target cannot apply one of its windows */
    static void checkSupported(List<PlannedScenario> plans, FaultRoutes routes) {
        for (PlannedScenario ps : plans) {
            for (int i = 0; i < ps.faults().size(); i++) {
                String why = routes.unsupported(ps.faults().get(i));
                if (why != null) {
                    throw new ConfigException("fault #" + (i + 1) + " of scenario '" + ps.plan().name() + "' cannot be applied: " + why
                            + "; remove it or choose another target");
                }
            }
        }
    }
}
