package dev.stampede.core.report;

import dev.stampede.core.advisor.Recommendation;
import dev.stampede.core.engine.MonitorSeries;
import dev.stampede.core.engine.Stall;
import dev.stampede.core.metrics.ErrorSummary;
import dev.stampede.core.metrics.IntervalRow;
import dev.stampede.core.metrics.LatencyStats;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.core.verdict.MetricVerdict;
import dev.stampede.core.verdict.Status;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** RunReports built in memory for the report writers' tests: deterministic (fixed seed), no engine, no target. */
final class SyntheticReports {
    static final String EVIL = "<script>alert(1)</script></script>";

    private SyntheticReports() {
    }

    /**
     * One scenario of {@code seconds} one-second intervals, {@code operations} operations and {@code monitors}
     * monitors of {@code gauges} gauges each; {@code namePrefix} starts every user-supplied string.
     */
    static RunReport run(String scenarioName, String namePrefix, int seconds, int operations, int monitors, int gauges) {
        SplittableRandom rnd = new SplittableRandom(42);
        List<String> ops = new ArrayList<>();
        for (int i = 0; i < operations; i++) ops.add(namePrefix + "op" + i);
        List<IntervalRow> rows = new ArrayList<>();
        for (int s = 1; s <= seconds; s++) {
            String phase = s <= Math.max(1, seconds / 10) ? "warm-up" : "load";
            long allOk = 0;
            double worst = 0;
            for (String op : ops) {
                long ok = 90 + rnd.nextInt(20);
                double max = s == seconds / 2 ? 5000 : 20 + rnd.nextDouble() * 10; // one spike in the middle
                rows.add(new IntervalRow(s, phase, op, ok, 1, 0, ok, 3.5, 3, 8, 12, max, 0.2));
                allOk += ok;
                worst = Math.max(worst, max);
            }
            rows.add(new IntervalRow(s, phase, "ALL", allOk, operations, 0, allOk, 3.5, 3, 8, 12, worst, 0.2));
        }
        List<OperationSummary> summaries = new ArrayList<>();
        Histogram all = new Histogram(3_600_000_000L, 3);
        for (String op : ops) {
            Histogram h = new Histogram(3_600_000_000L, 3);
            for (int i = 0; i < 20_000; i++) h.recordValue(500 + (long) (rnd.nextDouble() * rnd.nextDouble() * 50_000));
            h.recordValue(5_000_000);
            all.add(h);
            summaries.add(summary(op, h, List.of(new ErrorSummary("42", "syntax error", false, 3, 0,
                    "ERROR: syntax error at or near \"" + EVIL + "\""))));
        }
        OperationSummary totals = summary("ALL", all, summaries.get(0).errors());
        List<ScenarioReport.Monitor> mons = new ArrayList<>();
        for (int m = 0; m < monitors; m++) {
            List<MonitorSeries.Point> points = new ArrayList<>();
            for (int s = 1; s <= seconds; s++) {
                Map<String, Double> v = new LinkedHashMap<>();
                for (int g = 0; g < gauges; g++) v.put("gauge_" + g, rnd.nextDouble() * 1000);
                points.add(new MonitorSeries.Point(s, v));
            }
            MonitorSeries series = new MonitorSeries(namePrefix + "monitor" + m, points, null);
            mons.add(new ScenarioReport.Monitor(series.monitor(), null, GaugeSummary.of(series), series.points()));
        }
        List<MetricVerdict> verdicts = List.of(new MetricVerdict("p95_response_time_ms", "P95 response time", 8, "ms", 1000.0,
                "<=", Status.PASSED, "Excellent", "8 ms is within 1000 ms"));
        List<Recommendation> recs = List.of(new Recommendation("high", "Fix " + EVIL, "evidence " + EVIL, "action " + EVIL));
        List<Stall> stalls = List.of(new Stall("load", seconds * 0.6, seconds * 0.6 + 3, 3, 10, List.of(ops.get(0))));
        ScenarioReport s = new ScenarioReport(scenarioName, "description " + EVIL, "custom", "10 users", List.of("warm-up", "load"),
                "2026-12-01T20:00:00.000Z", seconds, seconds, seconds * 0.9, false, "completed", Status.PASSED, totals,
                summaries, LatencyStats.EMPTY, 0, verdicts, recs, mons, Map.of("sql_section", EVIL), rows, "intended start",
                null, stalls);
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("database", "postgresql://app@db/" + EVIL);
        return new RunReport(RunReport.SCHEMA_VERSION, "stampede", "0.1.0-test", "2026-12-01T20:00:00.000Z",
                "2026-12-01T21:00:00.000Z", target, Map.of("run", Map.of("seed", EVIL)), false, null, Status.PASSED, List.of(s),
                List.of("note " + EVIL), List.of(), Map.of("42", "syntax error " + EVIL), 0, "0123456789abcdef");
    }

    static OperationSummary summary(String name, Histogram h, List<ErrorSummary> errors) {
        long n = h.getTotalCount();
        long failed = errors.stream().mapToLong(ErrorSummary::failed).sum();
        return new OperationSummary(name, n + failed, n, failed, 0, 2, 1, n / 3600.0, LatencyStats.ofMicros(h),
                LatencyStats.ofMicros(h), LatencyStats.ofMicros(h), errors);
    }
}
