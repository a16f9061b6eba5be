package dev.stampede.core.advisor;

import dev.stampede.core.api.Outcome;
import dev.stampede.core.config.Thresholds;
import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioPlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.engine.Stall;
import dev.stampede.core.engine.StopReason;
import dev.stampede.core.metrics.MetricsCollector;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A stall window becomes one high-severity recommendation that names its length, window and in-flight count. */
class StallRuleTest {
    @Test
    void aStallIsNamedWithItsWindowAndInFlightAttempts() {
        MetricsCollector m = new MetricsCollector(List.of("lookup", "insert"));
        for (int i = 0; i < 1000; i++) m.op(0).record(Outcome.OK, 0, 0, 100_000, 2_000_000, 0);
        m.tick(30, "steady", 30);
        ScenarioPlan plan = new ScenarioPlan("s", "d", List.of(new PhasePlan("steady",
                new LoadModel.Closed(4, Duration.ZERO, Duration.ZERO), Duration.ofSeconds(30), 0, true)), null);
        ScenarioRun run = new ScenarioRun(plan, "w", m.summarize(30), List.of(), StopReason.COMPLETED, 0, 30, 30,
                List.of("steady"), List.of(new Stall("steady", 12, 20, 8, 4, List.of("lookup", "insert"))), null);
        List<Recommendation> recs = Advisor.withGenericRules(List.of()).advise(run, new AdvisorContext(Thresholds.defaults(), 4));
        assertThat(recs).isNotEmpty();
        Recommendation r = recs.get(0);
        assertThat(r.severity()).isEqualTo("high");
        assertThat(r.title()).isEqualTo("The server stopped answering for 8 s (from 12 s to 20 s) while 4 attempts were in flight");
        assertThat(r.evidence()).contains("phase 'steady'", "lookup, insert");
        assertThat(run.stallExplains("insert")).isTrue();
        assertThat(run.stallExplains("delete")).isFalse();
        assertThat(run.operationsInStalls()).containsExactlyInAnyOrder("lookup", "insert");
        assertThat(run.stalledSeconds()).isEqualTo(8.0);
    }
}
