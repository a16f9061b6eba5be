package dev.stampede.core.target;

import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.verdict.MetricVerdict;

import java.util.List;

/** A check across the scenarios of one run (for example "pagination cost grows linearly"). Stateless. */
@FunctionalInterface
public interface SuiteCheck {
    /** Verdicts for the scenarios it knows among {@code runs}; empty when none of them ran. */
    List<MetricVerdict> evaluate(List<ScenarioRun> runs);
}
