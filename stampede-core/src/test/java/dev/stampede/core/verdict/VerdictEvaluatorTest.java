package dev.stampede.core.verdict;

import dev.stampede.core.api.ErrorClass;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.config.RatingBands;
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

class VerdictEvaluatorTest {
    private static ScenarioRun runWith(long okCount, long failedCount, long latencyMicros) {
        MetricsCollector m = new MetricsCollector(List.of("op"));
        for (int i = 0; i < okCount; i++) m.op(0).record(Outcome.OK, 0, 0, 0, latencyMicros * 1000, 0);
        for (int i = 0; i < failedCount; i++) {
            m.op(0).record(Outcome.failed(new ErrorClass("40", "transaction_rollback", false), "x"), 0, 0, 0, latencyMicros * 1000, 0);
        }
        m.tick(1, "steady", 1);
        ScenarioPlan plan = new ScenarioPlan("s", "d", List.of(new PhasePlan("steady",
                new LoadModel.Closed(1, Duration.ZERO, Duration.ZERO), Duration.ofSeconds(10), 0, true)), null);
        return new ScenarioRun(plan, "w", m.summarize(10), List.of(), StopReason.COMPLETED, 0, 10, 10, List.of("steady"));
    }

    private static MetricVerdict find(List<MetricVerdict> vs, String metric) {
        return vs.stream().filter(v -> v.metric().equals(metric)).findFirst().orElseThrow();
    }

    private final VerdictEvaluator judge = new VerdictEvaluator(Thresholds.defaults(), RatingBands.defaults());

    @Test
    void fastAndCleanPassesWithExcellentRating() {
        List<MetricVerdict> vs = judge.evaluate(runWith(1000, 0, 20_000), false);
        assertThat(VerdictEvaluator.overall(vs)).isEqualTo(Status.PASSED);
        assertThat(find(vs, "avg_response_time_ms").rating()).isEqualTo("Excellent");
        assertThat(find(vs, "error_rate_percent").rating()).isEqualTo("Excellent");
    }

    @Test
    void errorRateOverTheLimitFails() {
        List<MetricVerdict> vs = judge.evaluate(runWith(970, 30, 20_000), false);
        assertThat(find(vs, "error_rate_percent").status()).isEqualTo(Status.FAILED);
        assertThat(find(vs, "error_rate_percent").reason()).contains("over the limit");
        assertThat(VerdictEvaluator.overall(vs)).isEqualTo(Status.FAILED);
    }

    @Test
    void nearTheLimitWarnsAndPoorRatingWarns() {
        // mean 450 ms: under the 500 ms limit but past 80% of it, and rated Poor (> 200 ms)
        List<MetricVerdict> vs = judge.evaluate(runWith(100, 0, 450_000), false);
        MetricVerdict avg = find(vs, "avg_response_time_ms");
        assertThat(avg.status()).isEqualTo(Status.WARNING);
        assertThat(avg.rating()).isEqualTo("Poor");
        // 150 ms: well within the limit but rated Acceptable -> passes
        assertThat(find(judge.evaluate(runWith(100, 0, 150_000), false), "avg_response_time_ms").status()).isEqualTo(Status.PASSED);
    }

    @Test
    void throughputIsRatedButNotJudgedWithoutAMinimum() {
        MetricVerdict t = find(judge.evaluate(runWith(500, 0, 1000), false), "throughput_ops");
        assertThat(t.rating()).isEqualTo("Low");
        assertThat(t.status()).isEqualTo(Status.PASSED);
    }
}
