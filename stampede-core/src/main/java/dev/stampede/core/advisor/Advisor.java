package dev.stampede.core.advisor;

import dev.stampede.core.engine.ScenarioRun;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Runs every rule over a scenario and returns the recommendations, most severe first. Thread-safe when
 * its rules are (they are stateless).
 */
public final class Advisor {
    private static final Map<String, Integer> ORDER = Map.of("high", 0, "medium", 1, "low", 2);

    /** Most severe first; the order of every recommendation list in the reports. */
    public static final Comparator<Recommendation> BY_SEVERITY = Comparator.comparingInt(r -> ORDER.getOrDefault(r.severity(), 3));
    private final List<AdvisorRule> rules;

    public Advisor(List<AdvisorRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The generic rules plus {@code extra} (a target module's own). */
    public static Advisor withGenericRules(List<AdvisorRule> extra) {
        List<AdvisorRule> all = new ArrayList<>(GenericRules.ALL);
        all.addAll(extra);
        return new Advisor(all);
    }

    public List<Recommendation> advise(ScenarioRun run, AdvisorContext context) {
        List<Recommendation> out = new ArrayList<>();
        for (AdvisorRule r : rules) out.addAll(r.apply(run, context));
        out.sort(BY_SEVERITY);
        return out;
    }
}
