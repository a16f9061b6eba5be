package dev.stampede.core.target;

import dev.stampede.core.advisor.Recommendation;
import dev.stampede.core.verdict.MetricVerdict;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one target adds to a scenario's report. Immutable.
 *
 * @param verdicts        threshold verdicts only this target can judge
 * @param recommendations advice from this target's evidence
 * @param extras          report data by {@link ReportSection#key()}
 */
public record ScenarioFindings(List<MetricVerdict> verdicts, List<Recommendation> recommendations, Map<String, Object> extras) {
    public static final ScenarioFindings NONE = new ScenarioFindings(List.of(), List.of(), Map.of());

    public ScenarioFindings {
        verdicts = List.copyOf(verdicts);
        recommendations = List.copyOf(recommendations);
        extras = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }
}
