package dev.stampede.core.advisor;

import dev.stampede.core.api.ErrorClass;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.config.Thresholds;
import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioPlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.engine.StopReason;
import dev.stampede.core.metrics.MetricsCollector;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each generic rule speaks only with evidence, and says what it saw. */
class AdvisorTest {
    private final Advisor advisor = Advisor.withGenericRules(List.of());
    private final AdvisorContext ctx = new AdvisorContext(Thresholds.defaults(), 10);

    private static ScenarioRun run(MetricsCollector m) {
        m.tick(10, "steady", 10);
        ScenarioPlan plan = new ScenarioPlan("s", "d", List.of(new PhasePlan("steady",
                new LoadModel.Closed(1, Duration.ZERO, Duration.ZERO), Duration.ofSeconds(10), 0, true)), null);
        return new ScenarioRun(plan, "w", m.summarize(10), List.of(), StopReason.COMPLETED, 0, 10, 10, List.of("steady"));
    }

    @Test
    void aHealthyRunGetsNoRecommendation() {
        MetricsCollector m = new MetricsCollector(List.of("op"));
        for (int i = 0; i < 1000; i++) m.op(0).record(Outcome.OK, 0, 0, 100_000, 2_000_000, 0);
        assertThat(advisor.advise(run(m), ctx)).isEmpty();
    }

    @Test
    void longPoolWaitsPointAtThePool() {
        MetricsCollector m = new MetricsCollector(List.of("op"));
        // 40 ms waiting for a connection, 2 ms executing
        for (int i = 0; i < 1000; i++) m.op(0).record(Outcome.OK, 0, 0, 40_000_000, 42_000_000, 0);
        assertThat(advisor.advise(run(m), ctx)).anySatisfy(r -> {
            assertThat(r.title()).isEqualTo("Connection pool is a bottleneck");
            assertThat(r.evidence()).contains("p95 pool acquire time 40.0 ms").contains("pool maximum 10");
        });
    }

    @Test
    void frequentRetriesAreReportedPerOperation() {
        MetricsCollector m = new MetricsCollector(List.of("calm", "hot"));
        for (int i = 0; i < 1000; i++) m.op(0).record(Outcome.OK, 0, 0, 1000, 2_000_000, 0);
        for (int i = 0; i < 100; i++) m.op(1).record(Outcome.OK, 0, 0, 1000, 2_000_000, i % 10 == 0 ? 2 : 0);
        List<Recommendation> recs = advisor.advise(run(m), ctx);
        assertThat(recs).singleElement().satisfies(r -> {
            assertThat(r.title()).isEqualTo("Transactions of 'hot' conflict and are retried");
            assertThat(r.evidence()).contains("10 of 100 attempts (10.0%)").contains("20 retries");
            assertThat(r.severity()).isEqualTo("high");
        });
    }

    @Test
    void poolTimeoutsAndUnknownOutcomesAreExplained() {
        MetricsCollector m = new MetricsCollector(List.of("op"));
        for (int i = 0; i < 100; i++) m.op(0).record(Outcome.OK, 0, 0, 1000, 2_000_000, 0);
        m.op(0).record(Outcome.failed(ErrorClass.POOL_TIMEOUT, "timeout"), 0, 0, 0, 30_000_000_000L, 0);
        m.op(0).record(Outcome.unknown(new ErrorClass("08", "connection_exception", true), "broken"), 0, 0, 1000, 2_000_000, 0);
        List<Recommendation> recs = advisor.advise(run(m), ctx);
        assertThat(recs).extracting(Recommendation::title).contains("Attempts timed out waiting for a pooled connection",
                "Some attempts ended with an unknown outcome");
        assertThat(recs.get(0).severity()).isEqualTo("high");
    }
}
