package dev.stampede.core.report;

import dev.stampede.core.engine.MonitorSeries;
import dev.stampede.core.metrics.IntervalRow;
import dev.stampede.core.metrics.LatencyStats;
import dev.stampede.core.metrics.OperationSummary;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes {@code operations.csv} (one row per scenario and operation, "ALL" included),
 * {@code timeseries.csv} (per second) and {@code monitors.csv} (one row per interval and gauge).
 * Latencies in milliseconds. RFC 4180 quoting.
 */
public final class CsvReportWriter {
    private CsvReportWriter() {
    }

    public static List<Path> write(RunReport report, Path dir) throws IOException {
        Path ops = dir.resolve("operations.csv");
        try (BufferedWriter w = Files.newBufferedWriter(ops)) {
            w.write("scenario,operation,attempts,ok,failed,unknown,retries,throughput_ops,mean_ms,min_ms,p50_ms,p90_ms,"
                    + "p95_ms,p99_ms,p999_ms,max_ms,stddev_ms,acquire_mean_ms,acquire_p95_ms,execution_mean_ms,execution_p95_ms\n");
            for (ScenarioReport s : report.scenarios()) {
                List<OperationSummary> rows = new ArrayList<>(s.operations());
                rows.add(s.totals());
                for (OperationSummary o : rows) {
                    LatencyStats l = o.latency();
                    w.write(String.join(",", q(s.name()), q(o.name()), Long.toString(o.attempts()), Long.toString(o.ok()),
                            Long.toString(o.failed()), Long.toString(o.unknown()), Long.toString(o.retries()),
                            n(o.throughputPerSec()), n(l.meanMs()), n(l.minMs()), n(l.p50Ms()), n(l.p90Ms()), n(l.p95Ms()),
                            n(l.p99Ms()), n(l.p999Ms()), n(l.maxMs()), n(l.stddevMs()), n(o.acquire().meanMs()),
                            n(o.acquire().p95Ms()), n(o.execution().meanMs()), n(o.execution().p95Ms())));
                    w.write('\n');
                }
            }
        }
        Path ts = dir.resolve("timeseries.csv");
        try (BufferedWriter w = Files.newBufferedWriter(ts)) {
            w.write("scenario,second,phase,operation,ok,failed,unknown,throughput_ops,mean_ms,p50_ms,p95_ms,p99_ms,max_ms,acquire_p95_ms\n");
            for (ScenarioReport s : report.scenarios()) {
                for (IntervalRow r : s.timeseries()) {
                    w.write(String.join(",", q(s.name()), n(r.second()), q(r.phase()), q(r.operation()), Long.toString(r.ok()),
                            Long.toString(r.failed()), Long.toString(r.unknown()), n(r.throughputPerSec()), n(r.meanMs()),
                            n(r.p50Ms()), n(r.p95Ms()), n(r.p99Ms()), n(r.maxMs()), n(r.acquireP95Ms())));
                    w.write('\n');
                }
            }
        }
        Path mon = dir.resolve("monitors.csv");
        try (BufferedWriter w = Files.newBufferedWriter(mon)) {
            // kind: "counter" values are cumulative since the monitor's first sample, "gauge" values are levels
            w.write("scenario,monitor,second,gauge,value,kind\n");
            for (ScenarioReport s : report.scenarios()) {
                for (ScenarioReport.Monitor m : s.monitors()) {
                    for (MonitorSeries.Point p : m.points()) {
                        for (Map.Entry<String, Double> e : new TreeMap<>(p.values()).entrySet()) {
                            GaugeSummary g = m.summary().get(e.getKey());
                            w.write(String.join(",", q(s.name()), q(m.name()), n(p.second()), q(e.getKey()), n(e.getValue()),
                                    g != null && g.counter() ? "counter" : "gauge"));
                            w.write('\n');
                        }
                    }
                }
            }
        }
        return List.of(ops, ts, mon);
    }

    private static String n(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** One CSV field, quoted per RFC 4180 when it holds a comma, quote or line break; null is empty. */
    public static String q(String s) {
        if (s == null) return "";
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
