package dev.stampede.cli;

import dev.stampede.core.api.TargetUnreachableException;
import dev.stampede.core.config.PlannedScenario;
import dev.stampede.core.config.RunConfig;
import dev.stampede.core.target.SessionContext;
import dev.stampede.core.target.Target;
import dev.stampede.core.target.TargetProvider;
import dev.stampede.core.target.TargetRegistry;
import dev.stampede.core.target.TargetSettings;
import dev.stampede.core.target.WorkloadType;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The targets one run opens: those the selected scenarios load (a workload's owner and whatever else it
 * needs), started embedded when not configured; plus every configured target, for its monitors. Opened in the
 * registry's order and closed in reverse, each once. Session thread only.
 */
final class OpenTargets implements AutoCloseable {
    private final Map<String, Target> open = new LinkedHashMap<>();

    private OpenTargets() {
    }

    /** The names of the targets the plans put load on, in registry order. */
    static Set<String> needed(List<PlannedScenario> plans, TargetRegistry registry) {
        Set<String> names = new LinkedHashSet<>();
        for (PlannedScenario ps : plans) {
            String type = ps.workload().type();
            TargetProvider owner = registry.requireOwner(type, "scenario '" + ps.plan().name() + "'");
            names.add(owner.name());
            WorkloadType w = registry.workloads().get(type);
            for (String other : w.alsoNeeds()) {
                if (registry.byName(other).isEmpty()) {
                    throw new dev.stampede.core.config.ConfigException("workload '" + type + "' also needs the '" + other
                            + "' target, which this build does not have; add its module to the classpath");
                }
                names.add(other);
            }
        }
        Set<String> ordered = new LinkedHashSet<>();
        for (TargetProvider p : registry.providers()) if (names.contains(p.name())) ordered.add(p.name());
        return ordered;
    }

    /** The configuration sections of the targets {@link #open} will open: those the plans load and every configured one. */
    static Set<String> openedSections(RunConfig config, List<PlannedScenario> plans, TargetRegistry registry) {
        Set<String> needed = needed(plans, registry);
        Set<String> out = new LinkedHashSet<>();
        for (TargetProvider p : registry.providers()) {
            TargetSettings s = config.targets().get(p.name());
            if (needed.contains(p.name()) || (s != null && s.configured())) out.add(p.section());
        }
        return out;
    }

    static OpenTargets open(RunConfig config, List<PlannedScenario> plans, TargetRegistry registry, SessionContext ctx)
            throws TargetUnreachableException {
        Set<String> needed = needed(plans, registry);
        OpenTargets targets = new OpenTargets();
        try {
            for (TargetProvider p : registry.providers()) {
                TargetSettings s = config.targets().get(p.name());
                if (!needed.contains(p.name()) && (s == null || !s.configured())) continue;
                targets.open.put(p.name(), p.open(s, ctx));
            }
        } catch (RuntimeException | TargetUnreachableException e) {
            targets.close();
            throw e;
        }
        return targets;
    }

    Map<String, Target> byName() { return Collections.unmodifiableMap(open); }

    /** What was tested, for the report header: each target's own description, merged in order. */
    Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        for (Target t : open.values()) d.putAll(t.describe());
        return d;
    }

    /** The name of the target that runs the scenario's workload type. */
    static String ownerName(PlannedScenario ps, TargetRegistry registry) {
        return registry.requireOwner(ps.workload().type(), "scenario '" + ps.plan().name() + "'").name();
    }

    @Override
    public void close() {
        List<Target> reversed = new java.util.ArrayList<>(open.values());
        Collections.reverse(reversed);
        for (Target t : reversed) {
            try {
                t.close();
            } catch (RuntimeException ignored) {
                // closing is best effort; the next target must still be closed
            }
        }
        open.clear();
    }
}
