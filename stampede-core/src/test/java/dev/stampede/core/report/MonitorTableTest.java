package dev.stampede.core.report;

import dev.stampede.core.engine.MonitorSeries;
import dev.stampede.core.metrics.LatencyStats;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.core.verdict.Status;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The report's monitors section: gauges as min/mean/max/last, counters as change and rate, never a running total's mean. */
class MonitorTableTest {

    private static String render() {
        MonitorSeries db = new MonitorSeries("pg_database", List.of(
                new MonitorSeries.Point(0.0, Map.of("commits", 0.0, "cache_hit_percent", 99.0)),
                new MonitorSeries.Point(10.0, Map.of("commits", 5000.0, "cache_hit_percent", 97.0))), null);
        ScenarioReport.Monitor m = new ScenarioReport.Monitor("pg_database", null, GaugeSummary.of(db, Set.of("commits")), db.points());
        OperationSummary none = new OperationSummary("ALL", 0, 0, 0, 0, 0, 0, 0, LatencyStats.EMPTY, LatencyStats.EMPTY,
                LatencyStats.EMPTY, List.of());
        ScenarioReport s = new ScenarioReport("quick", "d", "custom", "closed", List.of("steady"), "2026-01-01T00:00:00Z", 10, 10, 10,
                false, "completed", Status.PASSED, none, List.of(), LatencyStats.EMPTY, 0, List.of(), List.of(), List.of(m), Map.of(),
                List.of(), "intended start", null, List.of());
        RunReport r = new RunReport(RunReport.SCHEMA_VERSION, "stampede", "test", "a", "b", Map.of(), Map.of(), false, "completed",
                Status.PASSED, List.of(s), List.of(), List.of(), Map.of(), 0, "0123456789abcdef");
        return new MarkdownReportWriter(Map.of()).render(r);
    }

    @Test
    void countersShowTheirChangeAndRateAndGaugesTheirRange() {
        String md = render();
        assertThat(md).contains("| pg_database | cache_hit_percent | 97.00 | 98.00 | 99.00 | 97.00 |");
        assertThat(md).contains("| Monitor | Counter | change over the window | per second |");
        assertThat(md).contains("| pg_database | commits | 5000.00 | 500.00 |");
        assertThat(md).doesNotContain("| pg_database | commits | 0.00 | 2500.00");
    }
}
