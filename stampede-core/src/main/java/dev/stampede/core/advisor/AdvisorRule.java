package dev.stampede.core.advisor;

import dev.stampede.core.engine.ScenarioRun;

import java.util.List;

/**
 * One check over a finished scenario. Target modules add their own rules (pg_stat evidence) beside
 * the generic ones. Implementations are stateless.
 */
@FunctionalInterface
public interface AdvisorRule {
    /** Recommendations this rule finds evidence for; empty when none. */
    List<Recommendation> apply(ScenarioRun run, AdvisorContext context);
}
