package dev.stampede.postgres;

import dev.stampede.core.api.Outcome;
import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioPlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.engine.StopReason;
import dev.stampede.core.metrics.MetricsCollector;
import dev.stampede.core.verdict.MetricVerdict;
import dev.stampede.core.verdict.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SuiteChecksTest {
    /** A scenario whose operations took the given mean milliseconds, 100 attempts each, over 10 s. */
    private static ScenarioRun run(String scenario, Map<String, Double> meanMs) {
        MetricsCollector m = new MetricsCollector(List.copyOf(meanMs.keySet()));
        int i = 0;
        for (double ms : meanMs.values()) {
            for (int k = 0; k < 100; k++) m.op(i).record(Outcome.OK, 0, 0, 0, (long) (ms * 1e6), 0);
            i++;
        }
        m.tick(10, "steady", 10);
        ScenarioPlan plan = new ScenarioPlan(scenario, "d", List.of(new PhasePlan("steady",
                new LoadModel.Closed(1, Duration.ZERO, Duration.ZERO), Duration.ofSeconds(10), 0, true)), null);
        return new ScenarioRun(plan, "repository", m.summarize(10), List.of(), StopReason.COMPLETED, 0, 10, 10, List.of("steady"));
    }

    private static MetricVerdict find(List<MetricVerdict> vs, String metric) {
        return vs.stream().filter(v -> v.metric().equals(metric)).findFirst().orElseThrow();
    }

    @Test
    void paginationThatGrowsFasterThanPageSizeWarns() {
        Map<String, Double> linear = new LinkedHashMap<>();
        linear.put("page_10", 1.0);
        linear.put("page_100", 5.0);
        assertThat(find(SuiteChecks.evaluate(List.of(run("p", linear))), "pagination_cost_growth").status()).isEqualTo(Status.PASSED);
        Map<String, Double> steep = new LinkedHashMap<>();
        steep.put("page_10", 1.0);
        steep.put("page_100", 20.0);
        MetricVerdict v = find(SuiteChecks.evaluate(List.of(run("p", steep))), "pagination_cost_growth");
        assertThat(v.status()).isEqualTo(Status.WARNING);
        assertThat(v.value()).isCloseTo(20.0, within(0.5));
    }

    @Test
    void transactionFitSeparatesFixedCostFromPerOperationCost() {
        Map<String, Double> tx = new LinkedHashMap<>();
        tx.put("tx_1", 1.5);
        tx.put("tx_5", 3.5);
        tx.put("tx_10", 6.0);
        tx.put("tx_20", 11.0);
        MetricVerdict v = find(SuiteChecks.evaluate(List.of(run("t", tx))), "transaction_commit_overhead");
        assertThat(v.value()).isCloseTo(1.0, within(0.05));
        assertThat(v.reason()).contains("0.500 ms per operation");
    }

    @Test
    void bulkPerItemOverheadIsReported() {
        Map<String, Double> bulk = new LinkedHashMap<>();
        bulk.put("insert_each_10", 5.0);
        bulk.put("bulk_insert_10", 1.0);
        MetricVerdict v = find(SuiteChecks.evaluate(List.of(run("b", bulk))), "bulk_per_item_10");
        assertThat(v.value()).isCloseTo(5.0, within(0.1));
        assertThat(v.reason()).contains("per-item overhead 0.400 ms");
    }

    @Test
    void latencyGrowingFasterThanConcurrencyIsFlagged() {
        ScenarioRun c1 = run("repo-reads-c1", Map.of("get_by_id", 1.0));
        ScenarioRun c5ok = run("repo-reads-c5", Map.of("get_by_id", 3.0));
        ScenarioRun c10bad = run("repo-reads-c10", Map.of("get_by_id", 15.0));
        List<MetricVerdict> vs = SuiteChecks.evaluate(List.of(c1, c5ok, c10bad));
        assertThat(find(vs, "concurrency_reads_c5").status()).isEqualTo(Status.PASSED);
        assertThat(find(vs, "concurrency_reads_c10").status()).isEqualTo(Status.WARNING);
        assertThat(find(vs, "concurrency_reads_c10").reason()).contains("latency grows faster than concurrency");
    }

    @Test
    void nothingIsSaidWithoutTheRuns() {
        assertThat(SuiteChecks.evaluate(List.of(run("other", Map.of("select_one", 1.0))))).isEmpty();
    }
}
