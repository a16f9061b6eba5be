package dev.stampede.core.capacity;

import dev.stampede.core.api.Outcome;
import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.MonitorSeries;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioPlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.engine.StopReason;
import dev.stampede.core.metrics.MetricsCollector;
import dev.stampede.core.report.HtmlReportWriter;
import dev.stampede.core.report.MarkdownReportWriter;
import dev.stampede.core.report.ReportBuilder;
import dev.stampede.core.report.RunReport;
import dev.stampede.core.report.ScenarioReport;
import dev.stampede.core.verdict.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The query suite's concurrency sweep gets its USL fit, on its largest scenario, in every report format. */
class ScalingSweepsTest {
    static final double LAMBDA = 500, SIGMA = 0.08, KAPPA = 0.003;

    /** A closed-model run of {@code users} that completed {@code perSecond} attempts a second for 10 s. */
    static ScenarioRun run(String name, int users, double perSecond, List<MonitorSeries> monitors, long acquireMicros) {
        MetricsCollector m = new MetricsCollector(List.of("get_by_id"));
        long n = Math.round(perSecond * 10);
        for (long i = 0; i < n; i++) m.op(0).record(Outcome.OK, 0, 0, acquireMicros * 1000, acquireMicros * 1000 + 2_000_000, 0);
        m.tick(10, "steady", 10);
        ScenarioPlan plan = new ScenarioPlan(name, "d", List.of(new PhasePlan("steady",
                new LoadModel.Closed(users, Duration.ZERO, Duration.ZERO), Duration.ofSeconds(10), 0, true)), null);
        return new ScenarioRun(plan, "repository", m.summarize(10), monitors, StopReason.COMPLETED, 0, 10, 10, List.of("steady"));
    }

    static double usl(int n) {
        return LAMBDA * n / (1 + SIGMA * (n - 1) + KAPPA * n * (n - 1));
    }

    @Test
    void theSweepsFitGoesOnItsLargestScenarioAndIsDrawnInReportHtml() {
        List<ScenarioRun> runs = new ArrayList<>();
        List<ScenarioReport> reports = new ArrayList<>();
        runs.add(run("baseline", 10, 100, List.of(), 0));
        for (int c : new int[]{1, 5, 10, 20}) runs.add(run("repo-reads-c" + c, c, usl(c), List.of(), 0));
        for (ScenarioRun r : runs) reports.add(ReportBuilder.scenario(r, "repository", List.of(), List.of(), Map.of()));

        List<ScenarioReport> out = ScalingSweeps.annotate(runs, reports);
        assertThat(out.get(0).extras()).doesNotContainKey(ScalingSweeps.KEY);
        assertThat(out.get(1).extras()).doesNotContainKey(ScalingSweeps.KEY);
        ScalingReport s = (ScalingReport) out.get(4).extras().get(ScalingSweeps.KEY);
        assertThat(s.sweep()).isEqualTo("repo-reads");
        assertThat(s.points()).extracting(ScalingReport.Point::concurrency).containsExactly(1, 5, 10, 20);
        assertThat(s.fit().sigma()).isCloseTo(SIGMA, within(SIGMA * 0.1));
        assertThat(s.fit().kappa()).isCloseTo(KAPPA, within(KAPPA * 0.1));
        assertThat(s.fit().trustworthy()).isTrue();
        assertThat(s.summary()).contains("σ = 0.08").contains("N* = ");

        RunReport report = new RunReport(RunReport.SCHEMA_VERSION, "stampede", "test", "t0", "t1", Map.of(), Map.of(), false, null,
                Status.PASSED, out, List.of(), List.of(), Map.of(), 0, "0000000000000000");
        String html = new HtmlReportWriter(Map.of(ScalingSweeps.KEY, new ScalingSection()::html)).render(report);
        assertThat(html).contains("data-section=\"scaling\"", "data-chart=\"usl-throughput\"", "\"x_label\":\"concurrency (users)\"",
                "\"label\":\"USL model\"", "Scalability (USL)");
        StringBuilder md = new StringBuilder();
        new ScalingSection().markdown(s, md);
        assertThat(md).contains("| repo-reads-c20 | 20 |");
    }

    @Test
    void aSweepWhoseUsersWereOverriddenIsNotFitted() {
        List<ScenarioRun> runs = new ArrayList<>();
        for (int c : new int[]{1, 5, 10, 20}) runs.add(run("repo-reads-c" + c, 8, usl(c), List.of(), 0));   // --connections 8
        List<ScenarioReport> reports = new ArrayList<>();
        for (ScenarioRun r : runs) reports.add(ReportBuilder.scenario(r, "repository", List.of(), List.of(), Map.of()));
        for (ScenarioReport r : ScalingSweeps.annotate(runs, reports)) assertThat(r.extras()).doesNotContainKey(ScalingSweeps.KEY);
    }

    @Test
    void theBottleneckIsNamedFromTheMonitorsAndTheTimingSplit() {
        MonitorSeries locks = new MonitorSeries("pg_locks", List.of(new MonitorSeries.Point(1, Map.of("blocked_sessions", 6.0)),
                new MonitorSeries.Point(2, Map.of("blocked_sessions", 9.0))), null);
        ProbeResult lowest = result(10, 2, 0);
        ProbeResult failing = result(80, 300, 1);
        Bottleneck.Finding f = Bottleneck.at(failing, ProbeVerdict.pass(""), run("x", 1, 10, List.of(locks), 0), lowest);
        assertThat(f.name()).isEqualTo("lock wait");
        assertThat(f.evidence()).contains("pg_locks.blocked_sessions mean 7.50, max 9.00");
        assertThat(f.others()).anySatisfy(o -> assertThat(o).startsWith("target time"));

        ProbeResult poolBound = result(80, 300, 200);
        assertThat(Bottleneck.at(poolBound, ProbeVerdict.pass(""), run("x", 1, 10, List.of(), 0), lowest).name()).isEqualTo("pool wait");
        assertThat(Bottleneck.at(result(80, 3, 0), ProbeVerdict.pass(""), run("x", 1, 10, List.of(), 0), lowest).name())
                .isEqualTo("queueing");
    }

    static ProbeResult result(double rate, double execP99, double acquireP99) {
        double p99 = execP99 + acquireP99;
        return new ProbeResult(rate, 10, false, 100, 0, rate, p99 / 2, p99, p99, p99, 0, 0, acquireP99, execP99, 0, null,
                LatencyTrend.Result.FLAT, false);
    }
}
